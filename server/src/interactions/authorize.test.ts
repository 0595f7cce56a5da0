import type { OperationDefinition } from '@medplum/fhirtypes';
import { expect } from 'chai';
import { UNRESTRICTED_ACCESS, type Access, type OperatorRole } from '../auth/access.js';
import { parseScopes } from '../auth/scopes.js';
import { OperationOutcomeError } from '../errors/outcome-error.js';
import type { OperationAccess, ServerOperation } from '../operations/server-operation.js';
import { authorize } from './authorize.js';
import type { FhirRequest } from './fhir-request.js';

const TYPES = new Set(['Patient', 'AuditEvent', 'Observation']);
const access = (scope: string, roles: OperatorRole[] = []): Access => ({
  mode: 'smart',
  roles: new Set(roles),
  scopes: parseScopes(scope, (name) => TYPES.has(name)),
});
const operation = (code: string, needs: OperationAccess): ServerOperation => ({
  code,
  definition: { resourceType: 'OperationDefinition' } as OperationDefinition,
  affectsState: false,
  access: needs,
  handler: () => Promise.reject(new Error('not run by the gate')),
});
const OPERATIONS = new Map(
  [
    operation('verify-chain', { roles: ['auditor', 'admin'] }),
    operation('export-ish', { onType: ['s'], types: { Observation: ['r'] } }),
  ].map((op) => [op.code, op]),
);
const request = (granted: Access | undefined, parts: Partial<FhirRequest>): FhirRequest => ({
  interaction: 'operation',
  query: [],
  headers: {},
  ...parts,
  ...(granted ? { actor: { requestId: 'r', access: granted } } : {}),
});
const refusal = (granted: Access, parts: Partial<FhirRequest>): string => {
  try {
    authorize(request(granted, parts), OPERATIONS);
  } catch (error) {
    expect(error).to.be.instanceOf(OperationOutcomeError);
    expect((error as OperationOutcomeError).status).to.equal(403);
    return (error as OperationOutcomeError).outcome.issue[0]?.diagnostics ?? '';
  }
  return expect.fail('expected a 403');
};

describe('operations.html — what an operation declares it needs (ServerOperation.access)', () => {
  it('refuses an operation declared for roles to a caller without one of them, whatever its scopes', () => {
    expect(refusal(access('system/*.cruds'), { operation: 'verify-chain' })).to.contain('auditor or admin');
    expect(refusal(access('system/*.cruds', ['hl7-sender']), { operation: 'verify-chain' })).to.contain('role');
    expect(() => authorize(request(access('', ['auditor']), { operation: 'verify-chain' }), OPERATIONS)).not.to.throw();
  });

  it('checks permissions on the URL type and on the other types declared', () => {
    const on = { operation: 'export-ish', resourceType: 'Patient' };
    expect(refusal(access('system/Patient.s'), on)).to.contain("'r' on Observation");
    expect(refusal(access('system/Observation.r system/Patient.r'), on)).to.contain("'s' on Patient");
    expect(() => authorize(request(access('system/Patient.s system/Observation.r'), on), OPERATIONS)).not.to.throw();
    // At system level, the URL type's permission is needed on some type.
    expect(refusal(access('system/Observation.r'), { operation: 'export-ish' })).to.contain('some resource type');
  });

  it('leaves unknown operations to the handler (404), internal calls and AUTH_MODE=off ungated', () => {
    expect(() => authorize(request(access(''), { operation: 'nope' }), OPERATIONS)).not.to.throw();
    expect(() => authorize(request(undefined, { operation: 'verify-chain' }), OPERATIONS)).not.to.throw();
    expect(() => authorize(request(UNRESTRICTED_ACCESS, { operation: 'verify-chain' }), OPERATIONS)).not.to.throw();
  });
});
