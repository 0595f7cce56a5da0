import type { Bundle } from '@medplum/fhirtypes';

/**
 * Where mapped Bundles go. The server passes an SDK `FhirClient` (or an in-process adapter); both satisfy
 * this structurally, so `adapters` depends on neither. A failure the sender can do nothing about except
 * wait must reject with something that is not a 4xx (see `sinkRejection`).
 */
export interface FhirSink {
  transaction(bundle: Bundle): Promise<Bundle>;
}
