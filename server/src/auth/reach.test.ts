import { expect } from 'chai';
import { reach, UNRESTRICTED_ACCESS, type Access, type OperatorRole } from './access.js';
import { reachesSomeType } from './reaches-some-type.js';
import { parseScopes } from './scopes.js';

const TYPES = new Set(['Patient', 'Observation', 'AuditEvent', 'SearchParameter', 'ValueSet']);
const access = (scope: string, more: { roles?: OperatorRole[]; patient?: string } = {}): Access => ({
  mode: 'smart',
  roles: new Set(more.roles ?? []),
  scopes: parseScopes(scope, (name) => TYPES.has(name)),
  ...(more.patient !== undefined ? { patient: more.patient } : {}),
});

describe('scopes-and-launch-context.html — reach of scopes and operator roles', () => {
  it('reaches all with user/ and system/ scopes, the compartment with patient/ scopes and a launch patient', () => {
    expect(reach(access('system/Observation.rs'), 'Observation', 'r')).to.equal('all');
    expect(reach(access('user/*.cruds'), 'Observation', 'd')).to.equal('all');
    expect(reach(access('patient/*.rs', { patient: 'p1' }), 'Observation', 's')).to.equal('compartment');
    // patient/ scopes without a patient in context reach nothing (there is no compartment to confine to).
    expect(reach(access('patient/*.rs'), 'Observation', 's')).to.equal('none');
    expect(reach(access('system/Patient.rs'), 'Observation', 'r')).to.equal('none');
    expect(reach(access('system/Observation.rs?category=laboratory'), 'Observation', 'r')).to.equal('none');
  });

  it('reads AuditEvents only as auditor or admin, never through a patient launch, never by scope alone', () => {
    expect(reach(access('system/*.cruds'), 'AuditEvent', 'r')).to.equal('none');
    expect(reach(access('system/AuditEvent.rs', { roles: ['hl7-sender'] }), 'AuditEvent', 's')).to.equal('none');
    expect(reach(access('system/AuditEvent.rs', { roles: ['auditor'] }), 'AuditEvent', 's')).to.equal('all');
    expect(reach(access('system/AuditEvent.rs', { roles: ['admin'] }), 'AuditEvent', 'r')).to.equal('all');
    expect(reach(access('system/Patient.rs', { roles: ['auditor'] }), 'AuditEvent', 'r')).to.equal('none');
    const launched = access('patient/*.rs system/AuditEvent.rs', { roles: ['auditor'], patient: 'p1' });
    expect(reach(launched, 'AuditEvent', 'r')).to.equal('none');
  });

  it('writes definitions (SearchParameter, ValueSet, …) only as admin', () => {
    for (const permission of ['c', 'u', 'd'] as const) {
      expect(reach(access('system/*.cruds', { roles: ['auditor'] }), 'SearchParameter', permission)).to.equal('none');
      expect(reach(access('system/*.cruds', { roles: ['admin'] }), 'ValueSet', permission)).to.equal('all');
    }
    // Reading and searching them stays a matter of scopes.
    expect(reach(access('system/SearchParameter.rs'), 'SearchParameter', 's')).to.equal('all');
  });

  it('tells whether a permission reaches some type (system-level search and history)', () => {
    expect(reachesSomeType(access('system/Patient.s'), 's')).to.equal(true);
    expect(reachesSomeType(access('patient/*.s', { patient: 'p1' }), 's')).to.equal(true);
    expect(reachesSomeType(access('patient/*.s'), 's')).to.equal(false);
    expect(reachesSomeType(access('system/Patient.r openid'), 's')).to.equal(false);
    expect(reachesSomeType(access('system/AuditEvent.s'), 's')).to.equal(false);
    expect(reachesSomeType(access('system/Observation.s?code=x'), 's')).to.equal(false);
  });

  it('lets everything through with AUTH_MODE=off', () => {
    expect(reach(UNRESTRICTED_ACCESS, 'AuditEvent', 'r')).to.equal('all');
    expect(reachesSomeType(UNRESTRICTED_ACCESS, 's')).to.equal(true);
  });
});
