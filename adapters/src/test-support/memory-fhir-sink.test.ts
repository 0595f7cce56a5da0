import type { Bundle, BundleEntry, Patient } from '@medplum/fhirtypes';
import { expect } from 'chai';
import { replaceCodePatch } from '../mapping/fhirpath-patch.js';
import { MemoryFhirSink, SinkHttpError } from './memory-fhir-sink.js';

const mrn = (value: string): Patient => ({ resourceType: 'Patient', identifier: [{ system: 'urn:mrn', value }] });
const put = (value: string): BundleEntry => ({
  resource: mrn(value),
  request: { method: 'PUT', url: `Patient?identifier=urn:mrn|${value}` },
});
const post = (value: string): BundleEntry => ({
  resource: mrn(value),
  request: { method: 'POST', url: 'Patient', ifNoneExist: `identifier=urn:mrn|${value}` },
});
const transaction = (...entry: BundleEntry[]): Bundle => ({ resourceType: 'Bundle', type: 'transaction', entry });
const refusal = (sink: MemoryFhirSink, bundle: Bundle): Promise<unknown> =>
  sink.transaction(bundle).then(
    () => undefined,
    (error: unknown) => (error instanceof SinkHttpError ? error.status : error),
  );

// The test double every mapping and pipeline test writes through: it must refuse what a server refuses.
describe('MemoryFhirSink applies a transaction as an R4 server does', () => {
  it('processes POST before PUT, whatever the entry order (bundle.html#trules)', async () => {
    const sink = new MemoryFhirSink();
    await sink.transaction(transaction(put('A'), post('B')));
    expect(sink.written.map((r) => (r as Patient).identifier?.[0]?.value)).to.deep.equal(['B', 'A']);
  });

  it('refuses two entries resolving to the same resource with 400 (bundle.html#trules)', async () => {
    const sink = new MemoryFhirSink();
    await sink.transaction(transaction(put('A')));
    const before = sink.snapshot();
    expect(await refusal(sink, transaction(put('B'), put('A'), put('A')))).to.equal(400);
    expect(sink.snapshot(), 'all or nothing').to.equal(before);
  });

  it('patches a top-level element; a PATCH it does not understand is a 400, no match a 404 (http.html#patch)', async () => {
    const sink = new MemoryFhirSink();
    await sink.transaction(transaction({ ...put('A'), resource: { ...mrn('A'), gender: 'female' } }));
    const patch = (resource: BundleEntry['resource']): Bundle =>
      transaction({ resource, request: { method: 'PATCH', url: 'Patient?identifier=urn:mrn|A' } });
    await sink.transaction(patch(replaceCodePatch('Patient.gender', 'other')));
    expect(sink.byIdentifier<Patient>('Patient', 'urn:mrn', 'A')).to.include({ gender: 'other' });
    expect(await refusal(sink, patch(replaceCodePatch('Patient.name.family', 'X'))), 'nested path').to.equal(400);
    expect(await refusal(sink, patch(replaceCodePatch('Patient.birthDate', 'X'))), 'no such element').to.equal(400);
    expect(await refusal(sink, patch(mrn('A'))), 'not a Parameters body').to.equal(400);
    const unknown = transaction({
      resource: replaceCodePatch('Patient.gender', 'other'),
      request: { method: 'PATCH', url: 'Patient?identifier=urn:mrn|Z' },
    });
    expect(await refusal(sink, unknown)).to.equal(404);
  });

  it('refuses a condition or a method it does not implement with 400', async () => {
    const sink = new MemoryFhirSink();
    const byName = { ...put('A'), request: { method: 'PUT' as const, url: 'Patient?name=DOE' } };
    expect(await refusal(sink, transaction(byName))).to.equal(400);
    expect(await refusal(sink, transaction({ request: { method: 'DELETE', url: 'Patient/1' } }))).to.equal(400);
  });
});
