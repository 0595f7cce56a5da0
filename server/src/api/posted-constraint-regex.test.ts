import type { OperationOutcome, Patient, StructureDefinition } from '@medplum/fhirtypes';
import { expect } from 'chai';
import { call, created } from './http-call.js';
import { patientDifferential } from './patient-profile.js';
import { startTestServer, type TestServer } from './test-server.js';

const URL = 'http://example.org/fhir/StructureDefinition/aaa-family';

/** A posted profile whose constraint's regex backtracks catastrophically on `aaa…b`. */
const PROFILE: StructureDefinition = patientDifferential(URL, [
  {
    id: 'Patient',
    path: 'Patient',
    constraint: [
      {
        key: 'aaa-1',
        severity: 'error',
        human: 'family is made of a',
        expression: "name.family.matches('^(a+)+$')",
      },
    ],
  },
]);

describe('fhirpath.html#functions — a posted constraint with a catastrophic regex does not hang the server', function () {
  this.timeout(60_000);
  let server: TestServer;
  before(async () => (server = await startTestServer()));
  after(() => server.close());

  it('the write is judged at once: the constraint is "not checked" (a warning), the Patient stored (structuredefinition.html)', async () => {
    await created(server, PROFILE);
    const body: Patient = {
      resourceType: 'Patient',
      meta: { profile: [URL] },
      name: [{ family: `${'a'.repeat(10_000)}b` }],
    };
    const answer = await call<OperationOutcome>(server, 'POST', 'Patient', {
      body,
      headers: { Prefer: 'return=OperationOutcome' },
    });
    expect(answer.status, answer.text).to.equal(201);
    const warned = answer.body?.issue.filter((i) => i.severity === 'warning').map((i) => i.diagnostics?.split(',')[0]);
    expect(warned).to.deep.equal(['aaa-1: not checked']);
  });
});
