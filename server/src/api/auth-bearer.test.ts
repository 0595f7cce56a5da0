import type { AuditEvent, CapabilityStatement, Patient } from '@medplum/fhirtypes';
import { expect } from 'chai';
import { bundle, call, created, type CallResult } from './http-call.js';
import { expectOutcome } from './outcome-assertions.js';
import { startTestServer, type TestServer } from './test-server.js';

/** The 401 of RFC 6750 §3: an OperationOutcome `login` and the Bearer challenge. */
function expectChallenge(result: CallResult, server: TestServer, error?: string): void {
  const outcome = expectOutcome(result, error === 'invalid_request' ? 400 : 401);
  expect(outcome.issue[0]?.code).to.equal(error === 'invalid_request' ? 'invalid' : 'login');
  const challenge = result.headers.get('www-authenticate') ?? '';
  expect(challenge).to.match(new RegExp(`^Bearer realm="${server.baseUrl}"`));
  if (error) expect(challenge).to.contain(`error="${error}"`);
  else expect(challenge).not.to.contain('error=');
}

describe('RFC 6750 — Bearer tokens on the FHIR API (AUTH_MODE=smart)', () => {
  let server: TestServer;
  before(async () => (server = await startTestServer({ auth: true })));
  after(() => server.close());

  /** The AuditEvents of one request (BALP XrequestId entity), read with an auditor's token. */
  async function auditOf(requestId: string): Promise<AuditEvent[]> {
    const token = await server.token({ scope: 'system/AuditEvent.rs', roles: ['auditor'] });
    const found = await bundle(server, 'AuditEvent?_count=1000', { Authorization: `Bearer ${token}` });
    return (found.entry ?? [])
      .map((entry) => entry.resource as AuditEvent)
      .filter((event) => event.entity?.some((entity) => entity.what?.identifier?.value === requestId));
  }

  it('a request without a token is 401 with a challenge and no error code, and audited (RFC 6750 §3.1)', async () => {
    expectChallenge(await call(server, 'GET', 'Patient', { headers: { 'X-Request-Id': 'no-token-1' } }), server);
    const [event, ...more] = await auditOf('no-token-1');
    expect(more).to.deep.equal([]);
    expect(event).to.include({ outcome: '4', outcomeDesc: 'no token' });
  });

  it('a valid token reaches the API (RFC 6750 §2.1); a refused token is audited without the token', async () => {
    const token = await server.token({ scope: 'system/*.cruds' });
    const patient = await created<Patient>(server, { resourceType: 'Patient', active: true }, token);
    expect((await call(server, 'GET', `Patient/${patient.id}`, { token })).status).to.equal(200);
    const forged = `${token.slice(0, -4)}AAAA`;
    const refused = await call(server, 'GET', 'Patient', { token: forged, headers: { 'X-Request-Id': 'forged-1' } });
    expectChallenge(refused, server, 'invalid_token');
    const events = await auditOf('forged-1');
    expect(events.map((event) => event.outcomeDesc)).to.deep.equal([
      'invalid token: ERR_JWS_SIGNATURE_VERIFICATION_FAILED',
    ]);
    expect(JSON.stringify(events)).not.to.contain(forged.split('.')[2]);
  });

  it('a valid token without the scope needed is 403 with the insufficient_scope challenge (RFC 6750 §3.1)', async () => {
    const token = await server.token({ scope: 'system/Observation.rs' });
    const result = await call(server, 'GET', 'Patient', { token });
    expectOutcome(result, 403);
    expect(result.headers.get('www-authenticate')).to.equal(
      `Bearer realm="${server.baseUrl}", error="insufficient_scope"`,
    );
  });

  for (const header of ['Basic YTpi', 'Bearerabc.def.ghi'])
    it(`another authorization scheme (${header}) gets the challenge (RFC 6750 §3, RFC 7235 §4.1)`, async () => {
      expectChallenge(await call(server, 'GET', 'Patient', { headers: { Authorization: header } }), server);
    });

  for (const header of ['Bearer', 'Bearer a b', 'Bearer tok"en', 'Bearer =abc', 'Bearer a,b'])
    it(`a malformed Bearer header (${JSON.stringify(header)}) is 400 invalid_request (RFC 6750 §2.1, §3.1)`, async () => {
      const result = await call(server, 'GET', 'Patient', { headers: { Authorization: header } });
      expectChallenge(result, server, 'invalid_request');
    });

  for (const token of ['abc', 'a.b.c', 'eyJhbGciOiJFUzI1NiJ9.e30.', '....'])
    it(`a malformed token (${token}) is 401 invalid_token (RFC 7519 §7.2)`, async () => {
      expectChallenge(await call(server, 'GET', 'Patient', { token }), server, 'invalid_token');
    });

  it('a token in the query string is refused even beside a valid header (RFC 6750 §2.3, §5.3)', async () => {
    const token = await server.token({ scope: 'system/*.cruds' });
    const headers = { 'X-Request-Id': 'query-token-1' };
    const result = await call(server, 'GET', `Patient?access_token=${token}`, { token, headers });
    expectChallenge(result, server, 'invalid_request');
    const events = await auditOf('query-token-1');
    expect(events.map((event) => event.outcomeDesc)).to.deep.equal(['token in query']);
    expect(JSON.stringify(events)).not.to.contain(token);
  });

  it('the HL7 v2 edge and any other path need a token; upper case does not open a way (issue 6 "Endpoints")', async () => {
    const origin = new URL(server.baseUrl).origin;
    for (const url of [
      `${origin}/hl7v2/messages`,
      `${origin}/HL7V2/messages`,
      `${origin}/FHIR/Patient`,
      `${origin}/fhir/METADATA`,
    ])
      expect((await call(server, 'GET', url)).status, url).to.equal(401);
  });

  it('the CapabilityStatement is public and declares SMART-on-FHIR (SMART App Launch conformance.html)', async () => {
    const result = await call<CapabilityStatement>(server, 'GET', 'metadata');
    expect(result.status).to.equal(200);
    const security = result.body?.rest?.[0]?.security;
    expect(security?.service?.[0]?.coding?.[0]).to.include({
      system: 'http://terminology.hl7.org/CodeSystem/restful-security-service',
      code: 'SMART-on-FHIR',
    });
  });
});

describe('SMART App Launch conformance.html — our own authorization server in the CapabilityStatement', () => {
  let server: TestServer;
  before(async () => (server = await startTestServer({ authorizationServer: {} })));
  after(() => server.close());

  it('rest.security names the token and introspection endpoints (oauth-uris), no authorize (Backend Services)', async () => {
    const security = (await call<CapabilityStatement>(server, 'GET', 'metadata')).body?.rest?.[0]?.security;
    const origin = new URL(server.baseUrl).origin;
    expect(security?.extension).to.deep.equal([
      {
        url: 'http://fhir-registry.smarthealthit.org/StructureDefinition/oauth-uris',
        extension: [
          { url: 'token', valueUri: `${origin}/auth/token` },
          { url: 'introspect', valueUri: `${origin}/auth/introspect` },
        ],
      },
    ]);
    expect(security?.service?.[0]?.coding?.[0]?.code).to.equal('SMART-on-FHIR');
  });
});

describe('AUTH_MODE=off — no authentication, said so (issue 6)', () => {
  let server: TestServer;
  before(async () => (server = await startTestServer()));
  after(() => server.close());

  it('serves without a token and the CapabilityStatement says authentication is OFF', async () => {
    expect((await call(server, 'GET', 'Patient')).status).to.equal(200);
    const security = (await call<CapabilityStatement>(server, 'GET', 'metadata')).body?.rest?.[0]?.security;
    expect(security?.description).to.match(/^AUTHENTICATION IS OFF/);
    expect(security?.service).to.equal(undefined);
  });
});

describe('RFC 6585 §4 — refused requests count against their address (RATE_LIMIT_PER_MINUTE)', () => {
  let server: TestServer;
  before(
    async () =>
      (server = await startTestServer({ auth: true, security: { rateLimitPerMinute: 3, rateLimitBurst: 3 } })),
  );
  after(() => server.close());

  it('a flood of bad tokens is throttled (429) after the budget: token guessing is bounded', async () => {
    const statuses: number[] = [];
    for (let n = 0; n < 5; n++)
      statuses.push(
        (await call(server, 'GET', 'Patient', { token: 'a.b.c', headers: { 'X-Request-Id': `flood-${n}` } })).status,
      );
    expect(statuses).to.deep.equal([401, 401, 401, 429, 429]);
  });
});
