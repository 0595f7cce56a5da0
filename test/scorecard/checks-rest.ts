import type { OperationOutcome, Patient } from '@medplum/fhirtypes';
import type { Check } from './check.js';
import { MRN } from './fixture.js';
import { check, expectStatus } from './wire.js';

const patient = (family: string): Patient => ({ resourceType: 'Patient', name: [{ family }] });
const isOutcome = (body: unknown) => (body as OperationOutcome | undefined)?.resourceType === 'OperationOutcome';

/** The RESTful interactions (http.html), conditional variants and formats. */
export const REST_CHECKS: Check[] = [
  {
    area: 'interactions',
    name: 'capabilities: /metadata is an R4 CapabilityStatement (http.html#capabilities)',
    run: async (wire) => {
      const r = await wire.send('GET', 'metadata');
      expectStatus(r, 200);
      check(r.json?.resourceType === 'CapabilityStatement', 'not a CapabilityStatement');
      check((r.json as { fhirVersion?: string }).fhirVersion === '4.0.1', 'fhirVersion is not 4.0.1');
    },
  },
  {
    area: 'interactions',
    name: 'create: 201 with Location, ETag and the stored resource (http.html#create)',
    run: async (wire) => {
      const r = await wire.send('POST', 'Patient', { body: patient('Create') });
      expectStatus(r, 201);
      check(/\/Patient\/[^/]+\/_history\/1$/.test(r.headers.get('location') ?? ''), 'Location is not …/_history/1');
      check(r.headers.get('etag') === 'W/"1"', `ETag ${r.headers.get('etag')}`);
    },
  },
  {
    area: 'interactions',
    name: 'read, vread, update (new version), update-as-create (http.html#read #vread #update #upsert)',
    run: async (wire) => {
      const p = await wire.create(patient('Read'));
      expectStatus(await wire.send('GET', `Patient/${p.id}`), 200);
      const updated = await wire.send('PUT', `Patient/${p.id}`, { body: { ...p, gender: 'female' } });
      expectStatus(updated, 200);
      check(updated.headers.get('etag') === 'W/"2"', 'update did not make version 2');
      expectStatus(await wire.send('GET', `Patient/${p.id}/_history/1`), 200);
      const upsert = await wire.send('PUT', `Patient/upsert-${p.id}`, {
        body: { ...patient('Up'), id: `upsert-${p.id}` },
      });
      expectStatus(upsert, 201);
    },
  },
  {
    area: 'interactions',
    name: 'delete: then read is 410 Gone, vread of the old version still works (http.html#delete)',
    run: async (wire) => {
      const p = await wire.create(patient('Delete'));
      expectStatus(await wire.send('DELETE', `Patient/${p.id}`), 200, 204);
      expectStatus(await wire.send('GET', `Patient/${p.id}`), 410);
      expectStatus(await wire.send('GET', `Patient/${p.id}/_history/1`), 200);
    },
  },
  {
    area: 'interactions',
    name: 'errors are OperationOutcomes: unknown type 404, bad JSON 400, unknown id 404 (http.html#summary)',
    run: async (wire) => {
      const unknown = await wire.send('GET', 'NoSuchType/1');
      expectStatus(unknown, 404);
      check(isOutcome(unknown.json), 'no OperationOutcome for an unknown type');
      const bad = await wire.send('POST', 'Patient', { body: '{"resourceType": "Patient",' });
      expectStatus(bad, 400);
      check(isOutcome(bad.json), 'no OperationOutcome for bad JSON');
      expectStatus(await wire.send('GET', 'Patient/does-not-exist-anywhere'), 404);
    },
  },
  {
    area: 'interactions',
    name: 'PATCH with JSON Patch and with FHIRPath Patch (http.html#patch, fhirpatch.html)',
    run: async (wire) => {
      const p = await wire.create(patient('Patch'));
      const json = await wire.send('PATCH', `Patient/${p.id}`, {
        body: JSON.stringify([{ op: 'add', path: '/gender', value: 'male' }]),
        headers: { 'Content-Type': 'application/json-patch+json' },
      });
      expectStatus(json, 200);
      check((json.json as Patient).gender === 'male', 'JSON Patch not applied');
      const fhirpath = await wire.send('PATCH', `Patient/${p.id}`, {
        body: {
          resourceType: 'Parameters',
          parameter: [
            {
              name: 'operation',
              part: [
                { name: 'type', valueCode: 'replace' },
                { name: 'path', valueString: 'Patient.gender' },
                { name: 'value', valueCode: 'female' },
              ],
            },
          ],
        },
      });
      expectStatus(fhirpath, 200);
      check((fhirpath.json as Patient).gender === 'female', 'FHIRPath Patch not applied');
    },
  },
  {
    area: 'interactions',
    name: 'Prefer: return=minimal and return=OperationOutcome (http.html#ops)',
    run: async (wire) => {
      const minimal = await wire.send('POST', 'Patient', {
        body: patient('Min'),
        headers: { Prefer: 'return=minimal' },
      });
      expectStatus(minimal, 201);
      check(minimal.text === '', 'return=minimal sent a body');
      const outcome = await wire.send('POST', 'Patient', {
        body: patient('Out'),
        headers: { Prefer: 'return=OperationOutcome' },
      });
      expectStatus(outcome, 201);
      check(isOutcome(outcome.json), 'return=OperationOutcome did not answer one');
    },
  },
  {
    area: 'conditional',
    name: 'If-Match: the current ETag updates, a stale one is 412 (http.html#concurrency)',
    run: async (wire) => {
      const p = await wire.create(patient('Match'));
      const changed = { ...p, gender: 'male' };
      expectStatus(await wire.send('PUT', `Patient/${p.id}`, { body: changed, headers: { 'If-Match': 'W/"1"' } }), 200);
      const stale = { ...p, gender: 'female' };
      expectStatus(await wire.send('PUT', `Patient/${p.id}`, { body: stale, headers: { 'If-Match': 'W/"1"' } }), 412);
    },
  },
  {
    area: 'conditional',
    name: 'conditional create: a match answers 200 and creates nothing (http.html#ccreate)',
    run: async (wire, f) => {
      const headers = { 'If-None-Exist': `identifier=${MRN}|A1-${f.run}` };
      const r = await wire.send('POST', 'Patient', { body: patient('Dup'), headers });
      expectStatus(r, 200);
      check((r.json as Patient | undefined)?.id === f.anna.id, 'did not answer the existing patient');
    },
  },
  {
    area: 'conditional',
    name: 'conditional update: no match creates, one match updates (http.html#cond-update)',
    run: async (wire, f) => {
      const url = `Patient?identifier=${MRN}|C3-${f.run}`;
      const body = { ...patient('CondUp'), identifier: [{ system: MRN, value: `C3-${f.run}` }] };
      expectStatus(await wire.send('PUT', url, { body }), 201);
      expectStatus(await wire.send('PUT', url, { body: { ...body, gender: 'other' } }), 200);
    },
  },
  {
    area: 'conditional',
    name: 'conditional delete: every match is deleted (http.html#3.1.0.7.1)',
    run: async (wire, f) => {
      const value = `D4-${f.run}`;
      for (let i = 0; i < 2; i++) await wire.create({ ...patient('CondDel'), identifier: [{ system: MRN, value }] });
      expectStatus(await wire.send('DELETE', `Patient?identifier=${MRN}|${value}`), 200, 204);
      check((await wire.matches(`Patient?identifier=${MRN}|${value}`)).length === 0, 'matches remain');
    },
  },
  {
    area: 'conditional',
    name: 'conditional read: If-None-Match and If-Modified-Since answer 304 (http.html#cread)',
    run: async (wire, f) => {
      const read = await wire.send('GET', `Patient/${f.cy.id}`);
      const etag = read.headers.get('etag') ?? '';
      expectStatus(await wire.send('GET', `Patient/${f.cy.id}`, { headers: { 'If-None-Match': etag } }), 304);
      const since = read.headers.get('last-modified') ?? '';
      expectStatus(await wire.send('GET', `Patient/${f.cy.id}`, { headers: { 'If-Modified-Since': since } }), 304);
    },
  },
  {
    area: 'formats',
    name: 'XML out: Accept application/fhir+xml and _format=xml (http.html#mime-type)',
    run: async (wire, f) => {
      const accept = await wire.send('GET', `Patient/${f.anna.id}`, { headers: { Accept: 'application/fhir+xml' } });
      expectStatus(accept, 200);
      check(/<Patient xmlns="http:\/\/hl7.org\/fhir"/.test(accept.text), 'no <Patient xmlns="http://hl7.org/fhir">');
      const format = await wire.send('GET', `Patient/${f.anna.id}?_format=xml`);
      check(format.text.includes(`<family value="Ångström${f.run}"/>`), '_format=xml did not answer XML');
    },
  },
  {
    area: 'formats',
    name: 'XML in: a resource posted as XML reads back as JSON (xml.html)',
    run: async (wire) => {
      const xml =
        '<Patient xmlns="http://hl7.org/fhir"><gender value="male"/><birthDate value="1970-01-01"/></Patient>';
      const r = await wire.send('POST', 'Patient', {
        body: xml,
        headers: { 'Content-Type': 'application/fhir+xml', Accept: 'application/fhir+json' },
      });
      expectStatus(r, 201);
      check((r.json as Patient).birthDate === '1970-01-01', 'XML body not read');
    },
  },
  {
    area: 'formats',
    name: 'XML is safe: a DOCTYPE with an external entity is refused with 400 (xml.html)',
    run: async (wire) => {
      const xxe =
        '<?xml version="1.0"?><!DOCTYPE p [<!ENTITY x SYSTEM "file:///etc/passwd">]>' +
        '<Patient xmlns="http://hl7.org/fhir"><gender value="&x;"/></Patient>';
      const r = await wire.send('POST', 'Patient', { body: xxe, headers: { 'Content-Type': 'application/fhir+xml' } });
      expectStatus(r, 400);
      check(!r.text.includes('root:'), 'the entity was expanded');
    },
  },
  {
    area: 'formats',
    name: 'unsupported media types: 415 for the body, 406 for Accept (http.html#mime-type)',
    run: async (wire) => {
      expectStatus(await wire.send('POST', 'Patient', { body: 'x', headers: { 'Content-Type': 'text/plain' } }), 415);
      expectStatus(await wire.send('GET', 'metadata', { headers: { Accept: 'image/png' } }), 406);
    },
  },
];
