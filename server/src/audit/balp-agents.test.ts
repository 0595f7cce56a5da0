import { expect } from 'chai';
import { balpAgents } from './balp-agents.js';

describe('BALP agents (https://profiles.ihe.net/ITI/BALP/StructureDefinition-IHE.BasicAudit.OAUTHaccessTokenUse.Minimal.html)', () => {
  it('a person using a client is the requestor, as UserOauthAgent with the jti as policy', () => {
    const agents = balpAgents(
      { clientId: 'app-1', userId: 'Practitioner/p1', tokenId: 'j-1', remoteAddress: '10.1.2.3' },
      'https://fhir.example/fhir',
    );
    const [client, server, user] = agents;
    expect(client).to.deep.include({ requestor: false, who: { identifier: { value: 'app-1' } } });
    expect(client?.network).to.deep.equal({ address: '10.1.2.3', type: '2' });
    expect(server?.requestor).to.equal(false);
    expect(user?.type?.coding?.[0]?.code).to.equal('UserOauthAgent');
    expect(user).to.deep.include({ requestor: true, who: { reference: 'Practitioner/p1' } });
    expect(user?.policy).to.deep.equal(['urn:ietf:params:oauth:jti:j-1']);
  });

  it('a backend client alone is the requestor and carries the jti; a sub is an identifier, not a reference', () => {
    const [client] = balpAgents({ clientId: 'backend', tokenId: 'j-2' }, 'https://fhir.example/fhir');
    expect(client).to.deep.include({ requestor: true, policy: ['urn:ietf:params:oauth:jti:j-2'] });
    const [, , user] = balpAgents({ clientId: 'c', userId: 'opaque-sub' }, 'https://fhir.example/fhir');
    expect(user?.who).to.deep.equal({ identifier: { value: 'opaque-sub' } });
  });

  it('AUTH_MODE=off says nobody authenticated', () => {
    const [client] = balpAgents({ unauthenticated: true }, 'http://127.0.0.1/fhir');
    expect(client?.who?.display).to.equal('unauthenticated (AUTH_MODE=off)');
  });
});
