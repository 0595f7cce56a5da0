import type { Bundle, ResourceType } from '@medplum/fhirtypes';

/**
 * Where mapped Bundles go. The server passes an SDK `FhirClient` (or an in-process adapter); both satisfy
 * this structurally, so `adapters` depends on neither. A failure the sender can do nothing about except
 * wait must reject with something that is not a 4xx (see `sinkRejection`).
 */
export interface FhirSink {
  transaction(bundle: Bundle): Promise<Bundle>;
  /**
   * One page of `GET [base]/[type]?params` (a searchset). The pipeline uses it to find what an earlier
   * attempt of the same message already committed (its Provenance, by `_tag`) and the stored state of
   * resources a late message must not overwrite.
   */
  search(type: ResourceType, params: Record<string, string>): Promise<Bundle>;
}
