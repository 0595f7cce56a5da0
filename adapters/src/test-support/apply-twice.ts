import type { Bundle } from '@medplum/fhirtypes';
import { expect } from 'chai';
import type { MemoryFhirSink } from './memory-fhir-sink.js';

/** Applies a Bundle twice in a row (a redelivery) and asserts the second changed nothing (idempotent entries). */
export async function applyTwice(sink: MemoryFhirSink, bundle: Bundle): Promise<void> {
  await sink.transaction(bundle);
  const once = sink.snapshot();
  await sink.transaction(bundle);
  expect(sink.snapshot(), 'the Bundle applied again changes nothing').to.equal(once);
}
