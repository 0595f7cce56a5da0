import { expect } from 'chai';
import { accessFromClaims } from './token-access.js';
import { InvalidTokenError } from './token-errors.js';

const mapping = { rolesClaim: 'roles', isResourceType: (name: string) => ['Patient', 'Observation'].includes(name) };

describe('token claims → Access (issue 6 plan "Token claims → Access", SMART scopes-and-launch-context)', () => {
  it('reads client, user, patient context, roles and jti', () => {
    const access = accessFromClaims(
      {
        client_id: 'app',
        sub: 'u-1',
        fhirUser: 'Practitioner/p1',
        patient: 'pat-1',
        roles: ['auditor', 'janitor'],
        jti: 'j-9',
        scope: 'patient/Observation.rs openid launch/patient',
      },
      mapping,
    );
    expect(access).to.include({
      mode: 'smart',
      clientId: 'app',
      userId: 'Practitioner/p1',
      patient: 'pat-1',
      tokenId: 'j-9',
    });
    expect([...access.roles], 'unknown roles are ignored').to.deep.equal(['auditor']);
    expect(access.scopes.resourceScopes.map((scope) => scope.text)).to.deep.equal(['patient/Observation.rs']);
    expect(access.scopes.otherScopes).to.deep.equal(['openid', 'launch/patient']);
  });

  it('the client is client_id, else azp, else sub; sub is the user only when it is not the client', () => {
    expect(accessFromClaims({ azp: 'a', sub: 'u' }, mapping)).to.include({ clientId: 'a', userId: 'u' });
    const backend = accessFromClaims({ sub: 'backend' }, mapping);
    expect(backend.clientId).to.equal('backend');
    expect(backend.userId).to.equal(undefined);
  });

  it('no scope claim grants nothing; a roles claim may be a space-separated string (AUTH_ROLES_CLAIM)', () => {
    const access = accessFromClaims({ sub: 'c', groups: 'admin hl7-sender' }, { ...mapping, rolesClaim: 'groups' });
    expect(access.scopes.resourceScopes).to.deep.equal([]);
    expect([...access.roles]).to.deep.equal(['admin', 'hl7-sender']);
  });

  for (const claims of [{ scope: 'patient/Observation.rs user/Unknown.read' }, { patient: 'a/b' }, { fhirUser: '' }])
    it(`refuses the whole token for ${JSON.stringify(claims)} (fail closed)`, () => {
      expect(() => accessFromClaims({ sub: 'c', ...claims }, mapping)).to.throw(InvalidTokenError);
    });
});
