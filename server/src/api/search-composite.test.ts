import type { DocumentReference, Observation } from '@medplum/fhirtypes';
import { expect } from 'chai';
import { bundle, call, created, idsOf } from './http-call.js';
import { expectOutcome } from './outcome-assertions.js';
import { startTestServer, type TestServer } from './test-server.js';

const LOINC = 'http://loinc.org';
const UCUM = 'http://unitsofmeasure.org';
const mmHg = (value: number) => ({ value, unit: 'mmHg', system: UCUM, code: 'mm[Hg]' });

describe('search.html#composite — composite parameters', () => {
  let server: TestServer;
  const ids = { bp: '', high: '', glucose: '', coded: '' };
  const find = async (query: string) => idsOf(await bundle(server, `Observation?${query}`), 'Observation').sort();

  before(async () => {
    server = await startTestServer();
    const bp = (systolic: number, diastolic: number): Observation => ({
      resourceType: 'Observation',
      status: 'final',
      code: { coding: [{ system: LOINC, code: '85354-9' }] },
      component: [
        { code: { coding: [{ system: LOINC, code: '8480-6' }] }, valueQuantity: mmHg(systolic) },
        { code: { coding: [{ system: LOINC, code: '8462-4' }] }, valueQuantity: mmHg(diastolic) },
      ],
    });
    ids.bp = (await created(server, bp(120, 80))).id;
    ids.high = (await created(server, bp(160, 105))).id;
    ids.glucose = (
      await created<Observation>(server, {
        resourceType: 'Observation',
        status: 'final',
        code: { coding: [{ system: LOINC, code: '2339-0' }] },
        valueQuantity: { value: 6.3, unit: 'mmol/L', system: UCUM, code: 'mmol/L' },
        effectiveDateTime: '2026-03-04',
      })
    ).id;
    ids.coded = (
      await created<Observation>(server, {
        resourceType: 'Observation',
        status: 'final',
        code: { coding: [{ system: LOINC, code: '883-9' }] },
        valueCodeableConcept: { coding: [{ system: 'http://snomed.info/sct', code: '112144000' }] },
      })
    ).id;
  });
  after(() => server.close());

  it('code-value-quantity pairs the code with the value, prefixes apply to the value (search.html#composite)', async () => {
    expect(await find(`code-value-quantity=${LOINC}|2339-0$gt6`)).to.deep.equal([ids.glucose]);
    expect(await find(`code-value-quantity=${LOINC}|2339-0$lt6`)).to.deep.equal([]);
    expect(await find(`code-value-quantity=2339-0$6.3|${UCUM}|mmol/L`)).to.deep.equal([ids.glucose]);
    expect(await find(`code-value-quantity=${LOINC}|$6.3`)).to.deep.equal([ids.glucose]);
  });

  it('component-code-value-quantity matches code and value of the same component (search.html#composite)', async () => {
    // The 160/105 reading has a value above 100 and a diastolic code, but not in one component.
    expect(await find(`component-code-value-quantity=${LOINC}|8462-4$gt100`)).to.deep.equal([ids.high]);
    expect(await find(`component-code-value-quantity=${LOINC}|8462-4$gt90`)).to.deep.equal([ids.high]);
    expect(await find(`component-code-value-quantity=${LOINC}|8462-4$lt90`)).to.deep.equal([ids.bp]);
    expect(await find(`component-code-value-quantity=${LOINC}|8480-6$gt100`)).to.deep.equal([ids.bp, ids.high].sort());
    expect(await find(`component-code-value-quantity=${LOINC}|8480-6$gt130`)).to.deep.equal([ids.high]);
  });

  it('combo-code-value-quantity looks at the code and value of the resource and of each component', async () => {
    expect(await find(`combo-code-value-quantity=${LOINC}|8462-4$ge105`)).to.deep.equal([ids.high]);
    expect(await find(`combo-code-value-quantity=${LOINC}|2339-0$ap6`)).to.deep.equal([ids.glucose]);
  });

  it('code-value-concept: a token second component, ORed values (search.html#composite)', async () => {
    const q = `code-value-concept=${LOINC}|883-9$http://snomed.info/sct|112144000`;
    expect(await find(q)).to.deep.equal([ids.coded]);
    expect(await find(`${q},${LOINC}|2339-0$x`)).to.deep.equal([ids.coded]);
    expect(await find(`code-value-concept=${LOINC}|883-9$other`)).to.deep.equal([]);
  });

  it('relationship pairs relatesTo.code with relatesTo.target (R4 names its components swapped)', async () => {
    const doc = await created<DocumentReference>(server, {
      resourceType: 'DocumentReference',
      status: 'current',
      content: [{ attachment: { url: 'http://example.org/a.pdf' } }],
      relatesTo: [
        { code: 'replaces', target: { reference: 'DocumentReference/old' } },
        { code: 'appends', target: { reference: 'DocumentReference/other' } },
      ],
    });
    const found = async (q: string) => idsOf(await bundle(server, `DocumentReference?${q}`), 'DocumentReference');
    expect(await found('relationship=replaces$DocumentReference/old')).to.deep.equal([doc.id]);
    expect(await found('relationship=replaces$DocumentReference/other')).to.deep.equal([]);
  });

  it(':missing applies to composites; a code with "." or "$" in it stays a value (search.html#escaping)', async () => {
    expect(await find('code-value-concept:missing=false')).to.deep.equal([ids.coded]);
    for (const code of ['a\\$b.c', '\\$where', '__proto__']) {
      expect(await find(`code-value-quantity=${encodeURIComponent(code)}$gt1`), code).to.deep.equal([]);
    }
    const odd = await created<Observation>(server, {
      resourceType: 'Observation',
      status: 'final',
      code: { coding: [{ system: 'urn:x', code: '__proto__' }, { code: '$a.b' }] },
      valueQuantity: { value: 2 },
    });
    expect(await find(`code-value-quantity=urn:x|__proto__$2`)).to.deep.equal([odd.id]);
    expect(await find(`code-value-quantity=${encodeURIComponent('\\$a.b')}$2`)).to.deep.equal([odd.id]);
  });

  it('a value without one part per component, or a modifier, is 400 (search.html#composite)', async () => {
    expectOutcome(await call(server, 'GET', `Observation?code-value-quantity=${LOINC}|2339-0`), 400);
    expectOutcome(await call(server, 'GET', 'Observation?code-value-quantity=a$1$2'), 400);
    expectOutcome(await call(server, 'GET', 'Observation?code-value-quantity:exact=a$1'), 400);
    expectOutcome(await call(server, 'GET', 'Observation?_sort=code-value-quantity'), 400);
  });
});
