import type { Bundle, BundleEntry, Observation, Parameters, Patient } from '@medplum/fhirtypes';
import type { Check } from './check.js';
import { check, expectSame, expectStatus } from './wire.js';

const ref = (r: { resourceType: string; id: string }) => `${r.resourceType}/${r.id}`;
const bundleOf = (type: 'batch' | 'transaction', entry: BundleEntry[]): Bundle => ({
  resourceType: 'Bundle',
  type,
  entry,
});
const statuses = (b: Bundle) => (b.entry ?? []).map((e) => e.response?.status?.split(' ')[0]);

/** Batch and transaction (bundle.html, http.html#transaction), history, compartments, operations. */
export const BUNDLE_CHECKS: Check[] = [
  {
    area: 'bundles',
    name: 'batch: entries succeed or fail on their own (http.html#batch)',
    run: async (wire, f) => {
      const batch: Bundle = bundleOf('batch', [
        { request: { method: 'GET', url: `Patient/${f.anna.id}` } },
        { request: { method: 'GET', url: 'Patient/no-such-patient-here' } },
      ]);
      const r = await wire.send('POST', '', { body: batch });
      expectStatus(r, 200);
      expectSame(statuses(r.json as Bundle) as string[], ['200', '404'], 'entry statuses');
    },
  },
  {
    area: 'bundles',
    name: 'transaction: urn:uuid references rewritten, also in extensions (bundle.html#references)',
    run: async (wire, f) => {
      const tx: Bundle = bundleOf('transaction', [
        {
          fullUrl: 'urn:uuid:0b9c2fd0-0000-4000-8000-000000000001',
          resource: { resourceType: 'Patient', name: [{ family: `Tx${f.run}` }] },
          request: { method: 'POST', url: 'Patient' },
        },
        {
          resource: {
            resourceType: 'Observation',
            status: 'final',
            code: { text: 'tx' },
            subject: { reference: 'urn:uuid:0b9c2fd0-0000-4000-8000-000000000001' },
            extension: [
              {
                url: 'http://example.org/ext',
                valueReference: { reference: 'urn:uuid:0b9c2fd0-0000-4000-8000-000000000001' },
              },
            ],
          },
          request: { method: 'POST', url: 'Observation' },
        },
      ]);
      const r = await wire.send('POST', '', { body: tx });
      expectStatus(r, 200);
      const [patientAt, observationAt] = (r.json as Bundle).entry?.map((e) => e.response?.location ?? '') ?? [];
      const obs = (await wire.send('GET', observationAt?.replace(/\/_history\/.*$/, '') ?? '')).json as Observation;
      const patient = patientAt?.replace(/\/_history\/.*$/, '');
      check(obs.subject?.reference === patient, `subject is ${obs.subject?.reference}`);
      check(obs.extension?.[0]?.valueReference?.reference === patient, 'the extension reference was not rewritten');
    },
  },
  {
    area: 'bundles',
    name: 'transaction: all or nothing — one failing entry leaves nothing applied (http.html#transaction)',
    run: async (wire, f) => {
      const tx: Bundle = bundleOf('transaction', [
        {
          resource: { resourceType: 'Patient', name: [{ family: `Atomic${f.run}` }] },
          request: { method: 'POST', url: 'Patient' },
        },
        {
          resource: { resourceType: 'Patient', gender: 'not-a-gender' } as unknown as Patient,
          request: { method: 'POST', url: 'Patient' },
        },
      ]);
      expectStatus(await wire.send('POST', '', { body: tx }), 400, 422);
      check((await wire.matches(`Patient?family=Atomic${f.run}`)).length === 0, 'the first entry was applied');
    },
  },
  {
    area: 'bundles',
    name: 'transaction: DELETE, POST, PUT, GET processing order (http.html#trules)',
    run: async (wire, f) => {
      const victim = await wire.create<Patient>({ resourceType: 'Patient', name: [{ family: `Order${f.run}` }] });
      const tx: Bundle = bundleOf('transaction', [
        { request: { method: 'GET', url: `Patient?family=Order${f.run}` } },
        {
          resource: { resourceType: 'Patient', name: [{ family: `Order${f.run}` }] },
          request: { method: 'POST', url: 'Patient' },
        },
        { request: { method: 'DELETE', url: `Patient/${victim.id}` } },
      ]);
      const r = await wire.send('POST', '', { body: tx });
      expectStatus(r, 200);
      const search = (r.json as Bundle).entry?.[0]?.resource as Bundle | undefined;
      // GET runs last: it sees the created patient and not the deleted one.
      check(search?.total === 1 || search?.entry?.length === 1, 'the GET did not run after the POST and DELETE');
    },
  },
  {
    area: 'history',
    name: 'instance history lists every version, deletes included (http.html#history)',
    run: async (wire) => {
      const p = await wire.create<Patient>({ resourceType: 'Patient', gender: 'male' });
      await wire.send('PUT', ref(p), { body: { ...p, gender: 'female' } });
      await wire.send('DELETE', ref(p));
      const h = await wire.bundle(`${ref(p)}/_history`);
      check(h.type === 'history', 'not a history Bundle');
      const methods = (h.entry ?? []).map((e) => e.request?.method);
      expectSame(methods as string[], ['DELETE', 'PUT', 'POST'], 'history methods');
    },
  },
  {
    area: 'history',
    name: 'type history with _since and _count (http.html#history)',
    run: async (wire, f) => {
      const h = await wire.bundle(
        `Observation/_history?_since=${encodeURIComponent(f.heartRateAnna.meta?.lastUpdated ?? '')}&_count=2`,
      );
      check((h.entry ?? []).length <= 2, '_count not applied');
    },
  },
  {
    area: 'history',
    name: '_at: the versions current at an instant (http.html#history)',
    run: async (wire, f) => {
      const at = encodeURIComponent(f.cy.meta?.lastUpdated ?? '');
      const h = await wire.bundle(`Patient/${f.cy.id}/_history?_at=${at}`);
      check(
        (h.entry ?? []).some((e) => e.resource?.meta?.versionId === '1'),
        'version 1 not current at its own time',
      );
    },
  },
  {
    area: 'compartments',
    name: 'Patient/[id]/Observation (compartmentdefinition-patient.html)',
    run: async (wire, f) =>
      expectSame(await wire.matches(`Patient/${f.bob.id}/Observation`), [ref(f.heartRateBob)], 'compartment'),
  },
  {
    area: 'compartments',
    name: 'Patient/[id]/* over every type (http.html#search)',
    run: async (wire, f) => {
      // Walks every page (matches) although her AuditEvents, in her compartment too, are left out.
      const found = await wire.matches(`Patient/${f.anna.id}/*`, 50);
      for (const r of [f.heartRateAnna, f.weightAnna, f.encounter, f.risk])
        check(found.includes(ref(r)), `${ref(r)} missing`);
    },
  },
  {
    area: 'compartments',
    name: 'system search over several types with _type (http.html#search)',
    run: async (wire, f) => {
      const found = await wire.matches(f.scoped(`?_type=Patient,Organization&_id=${f.org.id},${f.cy.id}`));
      expectSame(found, [ref(f.org), ref(f.cy)], 'system search');
    },
  },
  {
    area: 'operations',
    name: 'Patient $everything (patient-operation-everything.html)',
    run: async (wire, f) => {
      const found =
        (await wire.bundle(`Patient/${f.bob.id}/$everything`)).entry?.map(
          (e) => `${e.resource?.resourceType}/${e.resource?.id}`,
        ) ?? [];
      for (const r of [f.bob, f.heartRateBob]) check(found.includes(ref(r)), `${ref(r)} missing`);
    },
  },
  {
    area: 'operations',
    name: '$meta-add and $meta (resource-operation-meta-add.html)',
    run: async (wire, f) => {
      const tag = { system: 'urn:nexus:scorecard:extra', code: f.run };
      const add: Parameters = { resourceType: 'Parameters', parameter: [{ name: 'meta', valueMeta: { tag: [tag] } }] };
      expectStatus(await wire.send('POST', `Patient/${f.cy.id}/$meta-add`, { body: add }), 200);
      const meta = await wire.send('GET', `Patient/${f.cy.id}/$meta`);
      expectStatus(meta, 200);
      check(meta.text.includes('urn:nexus:scorecard:extra'), 'the tag was not added');
    },
  },
];
