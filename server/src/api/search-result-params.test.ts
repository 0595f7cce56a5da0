import type { Bundle, BundleEntry, Observation, OperationOutcome, Patient, Resource } from '@medplum/fhirtypes';
import { expect } from 'chai';
import { bundle, call, created, idsOf } from './http-call.js';
import { expectOutcome } from './outcome-assertions.js';
import { startTestServer, type TestServer } from './test-server.js';

const SUBSETTED = { system: 'http://terminology.hl7.org/CodeSystem/v3-ObservationValue', code: 'SUBSETTED' };
const STRICT = { Prefer: 'handling=strict' };

/** The parameter names of a Bundle link, in order. */
function linkParams(result: Bundle, relation = 'self'): string[] {
  const url = result.link?.find((l) => l.relation === relation)?.url;
  if (url === undefined) throw new Error(`no ${relation} link`);
  return [...new URL(url).searchParams.keys()];
}

function matches(result: Bundle): Resource[] {
  return (result.entry ?? []).flatMap((e) => (e.search?.mode === 'match' && e.resource ? [e.resource] : []));
}

function outcomeOf(result: Bundle): BundleEntry | undefined {
  return result.entry?.find((e) => e.search?.mode === 'outcome');
}

function hasSubsetted(resource: Resource | undefined): boolean {
  return (resource?.meta?.tag ?? []).some((t) => t.system === SUBSETTED.system && t.code === SUBSETTED.code);
}

describe('search.html#return — result parameters and unsupported parameters', () => {
  let server: TestServer;
  let patient: Patient & { id: string };
  let observation: Observation & { id: string };
  const one = async (query: string): Promise<Resource> => {
    const found = matches(await bundle(server, `Patient?_id=${patient.id}&${query}`));
    expect(found).to.have.length(1);
    return found[0] as Resource;
  };

  before(async () => {
    server = await startTestServer();
    patient = await created<Patient>(server, {
      resourceType: 'Patient',
      meta: { tag: [{ system: 'http://example.org/tags', code: 'keep' }] },
      text: { status: 'generated', div: '<div xmlns="http://www.w3.org/1999/xhtml">Anna Müller</div>' },
      identifier: [{ system: 'http://example.org/mrn', value: 'A1' }],
      name: [{ family: 'Müller', given: ['Anna'] }],
      birthDate: '1980-05-15',
    });
    observation = await created<Observation>(server, {
      resourceType: 'Observation',
      status: 'final',
      code: { coding: [{ system: 'http://loinc.org', code: '8867-4' }] },
      subject: { reference: `Patient/${patient.id}` },
    });
  });
  after(() => server.close());

  describe('_elements (search.html#elements)', () => {
    it('keeps resourceType, id, meta and the listed elements, tagged SUBSETTED', async () => {
      const found = await one('_elements=identifier');
      expect(Object.keys(found).sort()).to.deep.equal(['id', 'identifier', 'meta', 'resourceType']);
      expect((found as Patient).identifier).to.deep.equal(patient.identifier);
      expect(hasSubsetted(found)).to.equal(true);
      expect(found.meta?.tag?.map((t) => t.code)).to.include('keep');
      expect(found.meta?.versionId).to.equal(patient.meta?.versionId);
    });

    it('leaves the stored resource whole and untagged', async () => {
      await one('_elements=identifier');
      const read = await call<Patient>(server, 'GET', `Patient/${patient.id}`);
      expect(read.body?.name).to.deep.equal(patient.name);
      expect(hasSubsetted(read.body)).to.equal(false);
      expect(hasSubsetted(matches(await bundle(server, `Patient?_id=${patient.id}`))[0])).to.equal(false);
    });

    it('keeps the element in the self link', async () => {
      const result = await bundle(server, `Patient?_id=${patient.id}&_elements=identifier,birthDate`);
      expect(linkParams(result)).to.include('_elements');
      expect(Object.keys(matches(result)[0] ?? {})).to.include.members(['identifier', 'birthDate']);
    });

    it('rejects names the type does not define, with 400 at _elements', async () => {
      for (const bad of ['nonsense', 'valueQuantity', 'resource']) {
        const outcome = expectOutcome(await call(server, 'GET', `Patient?_elements=${bad}`), 400);
        expect(outcome.issue[0]?.expression, bad).to.deep.equal(['_elements']);
        expectOutcome(await call(server, 'GET', `Patient/${patient.id}?_elements=${bad}`), 400);
      }
      const observation = await call(server, 'GET', 'Observation?_elements=value,valueQuantity,status');
      expect(observation.status, observation.text).to.equal(200);
    });

    it('rejects names that are not plain top-level element names with 400', async () => {
      for (const bad of ['name.given', '*', 'Patient.name', 'value[x]', '$where', '__proto__', 'idx']) {
        const outcome = expectOutcome(await call(server, 'GET', `Patient?_elements=${encodeURIComponent(bad)}`), 400);
        expect(outcome.issue[0]?.expression, bad).to.deep.equal(['_elements']);
      }
    });
  });

  describe('_summary (search.html#summary)', () => {
    it('data removes the narrative and tags SUBSETTED', async () => {
      const found = (await one('_summary=data')) as Patient;
      expect(found.text).to.equal(undefined);
      expect(found.name).to.deep.equal(patient.name);
      expect(hasSubsetted(found)).to.equal(true);
    });

    it('text keeps only id, meta and the narrative, tagged SUBSETTED', async () => {
      const found = await one('_summary=text');
      expect(Object.keys(found).sort()).to.deep.equal(['id', 'meta', 'resourceType', 'text']);
      expect(hasSubsetted(found)).to.equal(true);
    });

    it('false returns the whole resource, untagged', async () => {
      const found = (await one('_summary=false')) as Patient;
      expect(found.name).to.deep.equal(patient.name);
      expect(found.text).to.deep.equal(patient.text);
      expect(hasSubsetted(found)).to.equal(false);
    });

    it('count still answers the total only', async () => {
      const result = await bundle(server, 'Patient?_summary=count');
      expect(result.total).to.equal(1);
      expect(matches(result)).to.deep.equal([]);
    });

    it('values other than true, text, data, count and false are 400 (expression _summary)', async () => {
      expect(expectOutcome(await call(server, 'GET', 'Patient?_summary=all'), 400).issue[0]?.expression).to.deep.equal([
        '_summary',
      ]);
    });

    it('cannot be combined with _elements (400)', async () => {
      expectOutcome(await call(server, 'GET', 'Patient?_summary=text&_elements=identifier'), 400);
    });
  });

  describe('unsupported parameters are handled like unknown ones (search.html#errors)', () => {
    const cases: Array<[string, string]> = [
      ['Observation', '_contained=true'],
      ['Patient', '_has:Observation:subject:nonsense=x'],
      ['Observation', 'subject.nonsense=x'],
      ['Observation', 'subject:Patient.nonsense=x'],
      ['Observation', '_text=x'],
      ['Observation', '_content=x'],
      ['Observation', '_query=x'],
      ['Observation', '_filter=x'],
      ['Location', 'near=42|-71|10|km'],
    ];

    for (const [type, param] of cases) {
      const name = decodeURIComponent(param.slice(0, param.indexOf('=')));

      it(`${type}?${param}: ignored with a warning and left out of the links`, async () => {
        const baseline = await bundle(server, type);
        const result = await bundle(server, `${type}?${encodeURI(param)}&_count=1`);
        expect(matches(result).map((r) => r.id)).to.deep.equal(
          matches(baseline)
            .map((r) => r.id)
            .slice(0, 1),
        );
        const issues = (outcomeOf(result)?.resource as OperationOutcome | undefined)?.issue ?? [];
        expect(issues).to.have.length(1);
        expect(issues[0]).to.deep.include({ severity: 'warning', code: 'not-supported', expression: [name] });
        for (const relation of ['self', ...(result.link?.some((l) => l.relation === 'next') ? ['next'] : [])]) {
          expect(linkParams(result, relation)).to.deep.equal(['_count', '_offset']);
        }
      });

      it(`${type}?${param}: 400 with Prefer: handling=strict`, async () => {
        const outcome = expectOutcome(
          await call(server, 'GET', `${type}?${encodeURI(param)}`, { headers: STRICT }),
          400,
        );
        expect(outcome.issue[0]?.expression).to.deep.equal([name]);
      });
    }

    it('the trial case: _include beside _id includes the subject and shows in self (search.html#include)', async () => {
      const result = await bundle(server, `Observation?_include=Observation:subject&_id=${observation.id}`);
      expect(idsOf(result, 'Observation')).to.deep.equal([observation.id]);
      expect(idsOf(result, 'Patient')).to.deep.equal([patient.id]);
      expect(linkParams(result)).to.deep.equal(['_include', '_id', '_count', '_offset']);
    });

    it('applied parameters keep their modifiers in the links; ignored ones with colons are dropped', async () => {
      const query = [
        `name:exact=${encodeURIComponent('Müller')}`,
        '_has:Observation:subject:nonsense=x',
        'birthdate=1980',
        'gender:missing=true',
        'general-practitioner.x=y',
      ].join('&');
      const result = await bundle(server, `Patient?${query}`);
      expect(idsOf(result)).to.deep.equal([patient.id]);
      expect(linkParams(result)).to.deep.equal(['name:exact', 'birthdate', 'gender:missing', '_count', '_offset']);
      const observations = await bundle(server, `Observation?subject:Patient=${patient.id}&subject:Patient.x=y`);
      expect(idsOf(observations, 'Observation')).to.deep.equal([observation.id]);
      expect(linkParams(observations)).to.deep.equal(['subject:Patient', '_count', '_offset']);
    });

    it('a clamped _count is reported as information, beside the ignored parameters', async () => {
      const result = await bundle(server, 'Patient?_count=5000&nonsense=1');
      const issues = (outcomeOf(result)?.resource as OperationOutcome | undefined)?.issue ?? [];
      expect(issues.map((i) => i.severity)).to.deep.equal(['warning', 'information']);
    });
  });
});
