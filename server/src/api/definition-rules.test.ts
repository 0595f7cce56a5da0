import type { ElementDefinition, OperationOutcome, StructureDefinition } from '@medplum/fhirtypes';
import { expect } from 'chai';
import { call } from './http-call.js';
import { errorExpressions } from './outcome-assertions.js';
import { patientDifferential } from './patient-profile.js';
import { startTestServer, type TestServer } from './test-server.js';

/** A differential-only profile on Patient with these elements. */
function profile(element: ElementDefinition[]): StructureDefinition {
  return patientDifferential('http://example.org/fhir/StructureDefinition/broken', element);
}

describe('profiling.html — a profile may only constrain its base: broken ones are refused', function () {
  this.timeout(60_000);
  let server: TestServer;
  before(async () => (server = await startTestServer()));
  after(() => server.close());

  async function refusedAt(sd: StructureDefinition, status: number): Promise<string[]> {
    const answer = await call(server, 'POST', 'StructureDefinition', { body: sd });
    expect(answer.status, answer.text).to.equal(status);
    expect(answer.body?.resourceType, answer.text).to.equal('OperationOutcome');
    return errorExpressions(answer.body as OperationOutcome);
  }

  it('min above max, or cardinality wider than the base, is 400 at the element (profiling.html#cardinality)', async () => {
    const inverted = [{ id: 'Patient.name', path: 'Patient.name', min: 2, max: '1' }];
    // R4's own eld-2 ("Min <= Max", elementdefinition.html#invariants) says it first, at the element.
    expect(await refusedAt(profile(inverted), 400)).to.include('StructureDefinition.differential.element[0]');
    const wider = [{ id: 'Patient.gender', path: 'Patient.gender', max: '*' }];
    expect(await refusedAt(profile(wider), 400)).to.include('StructureDefinition.differential.element[0].max');
  });

  it('a type its base element does not allow (gender as Quantity) is 400 (profiling.html#types)', async () => {
    const retyped = [{ id: 'Patient.gender', path: 'Patient.gender', type: [{ code: 'Quantity' }] }];
    expect(await refusedAt(profile(retyped), 400)).to.include(
      'StructureDefinition.differential.element[0].type[0].code',
    );
  });

  it('a constraint whose FHIRPath does not compile is 400 (profiling.html#constraints)', async () => {
    const constraint = [{ key: 'bad-1', severity: 'error' as const, human: 'bad', expression: 'name.where((' }];
    const element = [{ id: 'Patient', path: 'Patient', constraint }];
    expect(await refusedAt(profile(element), 400)).to.include(
      'StructureDefinition.differential.element[0].constraint[0].expression',
    );
  });

  it('100,000 elements are refused (422 too-costly) before anything walks them (structuredefinition.html)', async () => {
    const element = Array.from({ length: 100_000 }, (_, i) => ({ id: `Patient.x${i}`, path: `Patient.x${i}` }));
    expect(await refusedAt(profile(element), 422)).to.deep.equal(['StructureDefinition.differential.element']);
  });
});
