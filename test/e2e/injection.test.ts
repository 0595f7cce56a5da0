// Operator injection, attacked through every parameter type and through bodies, on both stores
// (MongoDB filters are built from user input: https://owasp.org/www-community/attacks/NoSQL_injection).
// A hostile value is a literal: it matches nothing here, or it is refused with a 4xx — it never
// widens a search, never deletes what it should not, never reaches a 500. Without authentication
// (loopback): the attacks aim at the query compiler and the stores, not at the token check.
import type { Bundle, Patient } from '@medplum/fhirtypes';
import { expect } from 'chai';
import { expectRefusal, raw, type RawResponse } from '../support/raw-http.js';
import { describeOnEachStore } from '../support/store-variants.js';

const HOSTILE = [
  '{"$gt":""}',
  '{"$ne":null}',
  '{"$exists":true}',
  '{"$where":"sleep(100)||true"}',
  '$where',
  '$gt',
  '$regex',
  '.*',
  '^',
  '\\',
  '[',
  '(a+)+$',
  // A ReDoS probe: catastrophic for `(a+)+$` unless the pattern is escaped.
  `${'a'.repeat(5000)}!`,
  "' || '1'=='1",
  'this.constructor',
  '__proto__',
  'x|{"$gt":""}',
  '{"$gt":""}|{"$gt":""}',
  'Patient/{"$gt":""}',
  'ge{"$gt":""}',
  'eq$where',
  '%00',
];

/** Parameters of each search parameter type (search.html#ptypes), plus the special ones. */
const PARAMETERS: Array<[string, string[]]> = [
  ['Patient', ['_id', 'gender', 'identifier', 'identifier:of-type', 'language', 'telecom:text']],
  ['Patient', ['name', 'family', 'name:exact', 'name:contains', 'address', 'address-city:contains']],
  ['Patient', ['general-practitioner', 'general-practitioner:Practitioner', 'link', 'organization:identifier']],
  ['Patient', ['birthdate', '_lastUpdated', 'death-date']],
  ['RiskAssessment', ['probability']],
  ['Observation', ['value-quantity', 'code-value-quantity', 'value-string', 'value-date']],
  ['PlanDefinition', ['url', 'url:below', 'url:above']],
  ['Patient', ['_sort', '_elements', '_include', '_revinclude', '_filter', '_has:Observation:patient:code']],
  ['Patient', ['general-practitioner.name', 'general-practitioner:Practitioner.$where', '_count', '_summary']],
];

const matchesOf = (response: RawResponse): number =>
  ((response.json as Bundle | undefined)?.entry ?? []).filter((entry) => entry.search?.mode !== 'outcome').length;

describeOnEachStore(
  'no operator injection through parameters or bodies',
  { timeoutMs: 300_000, env: () => ({ AUTH_MODE: 'off' }) },
  (ctx) => {
    const base = () => ctx.server.baseUrl;
    const ids: string[] = [];

    before(async function () {
      if (!ctx.started) return this.skip();
      const practitioner = await raw(base(), 'Practitioner', {
        method: 'POST',
        body: { resourceType: 'Practitioner', name: [{ family: 'Gp' }] },
      });
      const gp = (practitioner.json as { id: string }).id;
      for (const family of ['Alpha', 'Beta']) {
        const patient: Patient = {
          resourceType: 'Patient',
          name: [{ family, given: ['Ann'] }],
          gender: 'female',
          birthDate: '1980-01-01',
          identifier: [{ system: 'urn:e2e:inject', value: family }],
          generalPractitioner: [{ reference: `Practitioner/${gp}` }],
          address: [{ city: 'Springfield' }],
        };
        const response = await raw(base(), 'Patient', { method: 'POST', body: patient });
        expect(response.status, response.text).to.equal(201);
        ids.push((response.json as { id: string }).id);
      }
      const observation = {
        resourceType: 'Observation',
        status: 'final',
        code: { coding: [{ system: 'http://loinc.org', code: '8480-6' }] },
        subject: { reference: `Patient/${ids[0]}` },
        valueQuantity: { value: 120, unit: 'mm[Hg]', system: 'http://unitsofmeasure.org', code: 'mm[Hg]' },
      };
      expect((await raw(base(), 'Observation', { method: 'POST', body: observation })).status).to.equal(201);
      const risk = {
        resourceType: 'RiskAssessment',
        status: 'final',
        subject: { reference: `Patient/${ids[0]}` },
        prediction: [{ probabilityDecimal: 0.5 }],
      };
      expect((await raw(base(), 'RiskAssessment', { method: 'POST', body: risk })).status).to.equal(201);
      const plan = { resourceType: 'PlanDefinition', status: 'active', url: 'http://example.org/plan/a' };
      expect((await raw(base(), 'PlanDefinition', { method: 'POST', body: plan })).status).to.equal(201);
      // The control: what the attacks are counted with does see a match.
      expect(matchesOf(await raw(base(), 'Patient?name=Alpha'))).to.equal(1);
    });

    for (const [type, parameters] of PARAMETERS) {
      it(`${type}?${parameters.join('|')}: each hostile value matches nothing or is a 4xx (search.html#escaping)`, async () => {
        for (const parameter of parameters) {
          for (const value of HOSTILE) {
            const what = `GET ${type}?${parameter}=${value.slice(0, 40)}`;
            const started = Date.now();
            const response = await raw(base(), `${type}?${parameter}=${encodeURIComponent(value)}`, {
              headers: { Prefer: 'handling=strict' },
              timeoutMs: 30_000,
            });
            expect(Date.now() - started, `${what} took too long (ReDoS?)`).to.be.below(10_000);
            if (response.status >= 400) expectRefusal(response, what);
            else expect(matchesOf(response), `${what}: ${response.text.slice(0, 300)}`).to.equal(0);
          }
        }
      });
    }

    it('operator-shaped parameter names are unknown parameters (strict: 400), never filters', async () => {
      for (const name of ['name[$ne]', '$where', 'name.$gt', 'idx.name', '_id[$gt]', 'idx', 'resource.name']) {
        const response = await raw(base(), `Patient?${encodeURIComponent(name)}=x`, {
          headers: { Prefer: 'handling=strict' },
        });
        expectRefusal(response, `GET Patient?${name}=x`, 400);
      }
      expectRefusal(await raw(base(), '?_type=%24where&name=x'), 'GET ?_type=$where');
      expectRefusal(await raw(base(), 'Patient?_sort=idx.name'), 'GET Patient?_sort=idx.name', 400);
    });

    it('conditional delete, update and create with a hostile condition touch no other resource (http.html#cdelete)', async () => {
      for (const value of ['{"$gt":""}', '{"$ne":null}', '$where', '.*']) {
        const condition = `name=${encodeURIComponent(value)}`;
        const deleted = await raw(base(), `Patient?${condition}`, { method: 'DELETE' });
        expect(deleted.status, deleted.text).to.be.oneOf([200, 204, 400, 404, 412]);
        const idCondition = `_id=${encodeURIComponent(value)}`;
        const byId = await raw(base(), `Patient?${idCondition}`, { method: 'DELETE' });
        expect(byId.status, byId.text).to.be.oneOf([200, 204, 400, 404, 412]);
      }
      for (const id of ids) expect((await raw(base(), `Patient/${id}`)).status, id).to.equal(200);
      const body = { resourceType: 'Patient', name: [{ family: 'Gamma' }] };
      const put = await raw(base(), `Patient?_id=${encodeURIComponent('{"$ne":null}')}`, { method: 'PUT', body });
      // No match: a create (201) or a refusal; never an update of Alpha or Beta.
      expect(put.status, put.text).to.be.oneOf([201, 400, 404, 412]);
      const create = await raw(base(), 'Patient', {
        method: 'POST',
        body,
        headers: { 'If-None-Exist': `identifier=${encodeURIComponent('{"$gt":""}')}` },
      });
      expect(create.status, create.text).to.be.oneOf([201, 400]);
      for (const id of ids) {
        const read = await raw(base(), `Patient/${id}`);
        expect((read.json as Patient).meta?.versionId, id).to.equal('1');
      }
    });

    it('bodies with $-keys and dotted keys are 400, in resources, nested elements, Bundles and patches', async () => {
      const refusals: Array<[string, string, unknown, string?]> = [
        ['POST', 'Patient', { resourceType: 'Patient', $where: 'sleep(100)' }],
        ['POST', 'Patient', { resourceType: 'Patient', name: [{ family: 'X', $gt: '' }] }],
        ['POST', 'Patient', { resourceType: 'Patient', 'name.family': 'X' }],
        ['POST', 'Patient', { resourceType: 'Patient', extension: [{ url: 'u', valueString: 'x', 'a.b': 1 }] }],
        ['POST', 'Patient', { resourceType: 'Patient', meta: { $set: { versionId: '9' } } }],
        ['POST', 'Patient', { resourceType: 'Patient', id: { $gt: '' } }],
        ['POST', 'Patient', { resourceType: { $ne: null } }],
        [
          'POST',
          '',
          {
            resourceType: 'Bundle',
            type: 'transaction',
            entry: [
              { resource: { resourceType: 'Patient', $where: '1' }, request: { method: 'POST', url: 'Patient' } },
            ],
          },
        ],
        [
          'PATCH',
          `Patient/${ids[0]}`,
          [{ op: 'add', path: '/$where', value: 'sleep(100)' }],
          'application/json-patch+json',
        ],
        ['PATCH', `Patient/${ids[0]}`, [{ op: 'add', path: '/name/0/$gt', value: '' }], 'application/json-patch+json'],
      ];
      for (const [method, path, body, contentType] of refusals) {
        const response = await raw(base(), path, {
          method,
          body,
          ...(contentType ? { headers: { 'Content-Type': contentType } } : {}),
        });
        expectRefusal(response, `${method} /${path} ${JSON.stringify(body).slice(0, 80)}`);
      }
      const read = await raw(base(), `Patient/${ids[0]}`);
      expect((read.json as Patient).meta?.versionId).to.equal('1');
    });
  },
);
