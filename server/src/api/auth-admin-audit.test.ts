import { expect } from 'chai';
import type { AuditEvent, Bundle } from '@medplum/fhirtypes';
import { after, before, describe, it } from 'mocha';
import { AuthFixture } from './auth-server-fixture.js';
import { call } from './http-call.js';

/** The authorization server's admin actions and refusals leave a trace (IHE BALP; RFC 7662 §4). */
describe('authorization server audit: key rotation, refused introspection and registration (IHE BALP)', () => {
  let fx: AuthFixture;
  let adminToken: string;
  let auditorToken: string;
  before(async () => {
    fx = await AuthFixture.start();
    adminToken = await fx.accessToken('ops', { scope: 'system/*.cruds', roles: ['admin'] }, 'system/*.cruds');
    auditorToken = await fx.accessToken('auditor', { scope: 'system/AuditEvent.rs', roles: ['auditor'] });
  });
  after(() => fx.close());
  const auth = (token: string) => ({ Authorization: `Bearer ${token}` });
  /** The AuditEvents of one request (BALP XrequestId entity). */
  async function auditOf(response: Response): Promise<AuditEvent[]> {
    const requestId = response.headers.get('x-request-id');
    const search = await call<Bundle<AuditEvent>>(fx.server, 'GET', 'AuditEvent?_count=1000', {
      headers: auth(auditorToken),
    });
    return (search.body?.entry ?? [])
      .map((entry) => entry.resource!)
      .filter((event) => event.entity?.some((entity) => entity.what?.identifier?.value === requestId));
  }

  it('a key rotation is a Security Configuration alert naming the new kid and the admin (DICOM 110129)', async () => {
    const response = await fetch(`${fx.as.urls.issuer}/keys/rotate`, { method: 'POST', headers: auth(adminToken) });
    expect(response.status).to.equal(200);
    const [event, ...more] = await auditOf(response);
    expect(more).to.have.length(0);
    expect(event?.subtype?.map((coding) => coding.code)).to.deep.equal(['110129']);
    expect(event?.outcome).to.equal('0');
    expect(JSON.stringify(event?.agent)).to.include('"ops"');
    expect(JSON.stringify(event?.entity)).to.include(`auth/keys/${fx.as.keys.signer().kid}`);
  });

  it('introspection without client authentication is refused 401 and audited (RFC 7662 §2.1, §4)', async () => {
    const response = await fetch(`${fx.as.urls.issuer}/introspect`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ token: adminToken }).toString(),
    });
    expect(response.status).to.equal(401);
    const [event] = await auditOf(response);
    expect(event?.outcome).to.equal('4');
    expect(event?.outcomeDesc).to.match(/^introspection: invalid_client/);
    expect(JSON.stringify(event)).to.not.include(adminToken);
  });

  it('a refused registration (jwks_uri to the metadata address) is audited with its reason (RFC 7591 §3.2.2)', async () => {
    const response = await fetch(fx.as.urls.clientsEndpoint, {
      method: 'POST',
      headers: { ...auth(adminToken), 'Content-Type': 'application/json' },
      body: JSON.stringify({ jwks_uri: 'https://169.254.169.254/jwks', scope: 'system/Patient.rs' }),
    });
    expect(response.status).to.equal(400);
    const [event] = await auditOf(response);
    expect(event?.subtype?.map((coding) => coding.code)).to.deep.equal(['client-registered']);
    expect(event?.outcome).to.not.equal('0');
    expect(event?.outcomeDesc).to.equal('registration refused: jwks_uri');
  });
});
