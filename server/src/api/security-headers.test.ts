import type { CapabilityStatement, Patient } from '@medplum/fhirtypes';
import { expect } from 'chai';
import { call, created } from './http-call.js';
import { expectOutcome } from './outcome-assertions.js';
import { startTestServer, type TestServer, type TestServerOptions } from './test-server.js';

const APP = 'https://app.example.org';

/** A server of its own with these options, closed whatever the test does. */
async function withServer(options: TestServerOptions, body: (server: TestServer) => Promise<void>): Promise<void> {
  const server = await startTestServer(options);
  try {
    await body(server);
  } finally {
    await server.close();
  }
}

const expectSecurityHeaders = (headers: Headers) => {
  expect(headers.get('x-content-type-options')).to.equal('nosniff');
  expect(headers.get('x-frame-options')).to.equal('DENY');
  expect(headers.get('content-security-policy')).to.contain("default-src 'none'").and.contain("frame-ancestors 'none'");
  expect(headers.get('referrer-policy')).to.equal('no-referrer');
};

describe('security.html#http — security headers on every answer (OWASP REST Security)', () => {
  let server: TestServer;
  before(async () => (server = await startTestServer()));
  after(() => server.close());

  it('successes, errors, XML answers and health checks carry them', async () => {
    const patient = await created<Patient>(server, { resourceType: 'Patient' });
    for (const [path, status] of [
      [`Patient/${patient.id}`, 200],
      ['Patient/nobody', 404],
      ['Patient?_count=abc', 400],
      ['metadata', 200],
    ] as const) {
      const result = await call(server, 'GET', path);
      expect(result.status, path).to.equal(status);
      expectSecurityHeaders(result.headers);
    }
    expectSecurityHeaders(
      (await call(server, 'GET', 'metadata', { headers: { Accept: 'application/fhir+xml' } })).headers,
    );
    expectSecurityHeaders((await fetch(server.baseUrl.replace(/\/fhir$/, '/healthz'))).headers);
  });

  it('an authenticated answer is Cache-Control: no-store; no HSTS over plain HTTP (RFC 6797 §7.2)', async () => {
    const result = await call(server, 'GET', 'metadata', { headers: { Authorization: 'Bearer x' } });
    expect(result.headers.get('cache-control')).to.equal('no-store');
    expect(result.headers.get('strict-transport-security')).to.equal(null);
  });
});

describe('security.html#cors — cross-origin requests (Fetch standard, CORS protocol)', () => {
  const preflight = (server: TestServer, origin: string) =>
    fetch(`${server.baseUrl}/Patient`, {
      method: 'OPTIONS',
      headers: {
        Origin: origin,
        'Access-Control-Request-Method': 'POST',
        'Access-Control-Request-Headers': 'authorization',
      },
    });

  it('is off by default: no Access-Control-* header for any origin', async () => {
    await withServer({}, async (server) => {
      const result = await call(server, 'GET', 'metadata', { headers: { Origin: APP } });
      expect(result.headers.get('access-control-allow-origin')).to.equal(null);
      expect((await preflight(server, APP)).headers.get('access-control-allow-origin')).to.equal(null);
    });
  });

  it('answers a listed origin, never an unlisted one; no credentials unless CORS_CREDENTIALS', async () => {
    await withServer({ security: { cors: { origins: [APP], credentials: false } } }, async (server) => {
      const allowed = await call(server, 'GET', 'Patient/nobody', { headers: { Origin: APP } });
      expectOutcome(allowed, 404);
      expect(allowed.headers.get('access-control-allow-origin')).to.equal(APP);
      expect(allowed.headers.get('access-control-allow-credentials')).to.equal(null);
      expect(allowed.headers.get('access-control-expose-headers')).to.contain('ETag');
      expect(allowed.headers.get('vary')).to.contain('Origin');
      const evil = await call(server, 'GET', 'metadata', { headers: { Origin: 'https://evil.example.com' } });
      expect(evil.headers.get('access-control-allow-origin')).to.equal(null);
      const pre = await preflight(server, APP);
      expect(pre.status).to.equal(204);
      expect(pre.headers.get('access-control-allow-methods')).to.contain('PATCH');
      expect(pre.headers.get('access-control-allow-headers')).to.contain('Authorization');
      expect((await preflight(server, 'https://evil.example.com')).headers.get('access-control-allow-origin')).to.equal(
        null,
      );
    });
  });

  it('with credentials: the listed origin itself, and Allow-Credentials', async () => {
    await withServer({ security: { cors: { origins: [APP], credentials: true } } }, async (server) => {
      const result = await call(server, 'GET', 'metadata', { headers: { Origin: APP } });
      expect(result.headers.get('access-control-allow-origin')).to.equal(APP);
      expect(result.headers.get('access-control-allow-credentials')).to.equal('true');
    });
  });

  it('the CapabilityStatement says whether CORS is on, and the limits (rest.security.cors, rest.documentation)', async () => {
    const statement = async (server: TestServer) => (await call<CapabilityStatement>(server, 'GET', 'metadata')).body;
    await withServer({}, async (server) => {
      const rest = (await statement(server))?.rest?.[0];
      expect(rest?.security?.cors).to.equal(false);
      expect(rest?.documentation).to.contain('CORS: off').and.contain('no rate limit');
    });
    const options = {
      bodyLimitBytes: 2048,
      security: { cors: { origins: [APP], credentials: false }, rateLimitPerMinute: 60, rateLimitBurst: 10 },
    };
    await withServer(options, async (server) => {
      const rest = (await statement(server))?.rest?.[0];
      expect(rest?.security?.cors).to.equal(true);
      expect(rest?.documentation)
        .to.contain(`CORS: for ${APP}`)
        .and.contain('up to 2048 bytes')
        .and.contain('at most 60 requests a minute per client, 10 at once after a pause');
    });
  });

  it('`*` answers `*` without credentials', async () => {
    await withServer({ security: { cors: { origins: ['*'], credentials: false } } }, async (server) => {
      const result = await call(server, 'GET', 'metadata', { headers: { Origin: 'https://any.example.net' } });
      expect(result.headers.get('access-control-allow-origin')).to.equal('*');
      expect(result.headers.get('access-control-allow-credentials')).to.equal(null);
    });
  });
});

describe('RFC 6585 §4 — rate limiting per client (RATE_LIMIT_PER_MINUTE)', () => {
  it('past the budget: 429 throttled OperationOutcome with Retry-After; health checks are not counted', async () => {
    await withServer({ security: { rateLimitPerMinute: 3, rateLimitBurst: 3 } }, async (server) => {
      for (let i = 0; i < 3; i++) expect((await call(server, 'GET', 'metadata')).status).to.equal(200);
      const refused = await call(server, 'GET', 'Patient?name=x');
      const outcome = expectOutcome(refused, 429);
      expect(outcome.issue[0]?.code).to.equal('throttled');
      // One request back every 20 s at 3 a minute.
      expect(Number(refused.headers.get('retry-after'))).to.be.within(1, 20);
      expectSecurityHeaders(refused.headers);
      expect((await fetch(server.baseUrl.replace(/\/fhir$/, '/healthz'))).status).to.equal(200);
    });
  });
});
