import { expect } from 'chai';
import { loadConfig } from './config.js';

const MONGODB_URL = 'mongodb://127.0.0.1:27017/nexus';
const REDIS_URL = 'redis://127.0.0.1:6379';
const EXTERNAL = { AUTH_ISSUER: 'https://as.example/realms/x', AUTH_JWKS_URL: 'https://as.example/realms/x/certs' };

describe('AUTH_MODE rules (issue 6 "AUTH_MODE=smart (the default) or AUTH_MODE=off")', () => {
  it('the zero-configuration start (no MONGODB_URL, no REDIS_URL, loopback HOST) is off', () => {
    expect(loadConfig({}).auth.mode).to.equal('off');
    for (const HOST of ['127.0.0.1', 'localhost', '::1', '127.0.0.2'])
      expect(loadConfig({ HOST }).auth.mode, HOST).to.equal('off');
  });

  it('any configuration with MONGODB_URL or REDIS_URL, or beyond loopback, defaults to smart', () => {
    expect(loadConfig({ MONGODB_URL }).auth.mode).to.equal('smart');
    expect(loadConfig({ REDIS_URL }).auth.mode).to.equal('smart');
    expect(loadConfig({ HOST: '0.0.0.0' }).auth.mode).to.equal('smart');
    expect(loadConfig({ HOST: '10.1.2.3', AUTH_MODE: '' }).auth.mode).to.equal('smart');
  });

  it('AUTH_MODE=off beyond loopback refuses to start, naming the HOST', () => {
    for (const HOST of ['0.0.0.0', '::', '10.1.2.3', 'fhir.example.org'])
      expect(() => loadConfig({ HOST, AUTH_MODE: 'off' }), HOST).to.throw(
        `AUTH_MODE=off serves on a loopback HOST only (HOST=${HOST})`,
      );
    expect(loadConfig({ MONGODB_URL, AUTH_MODE: 'off' }).auth.mode, 'with MONGODB_URL on loopback').to.equal('off');
  });

  it('refuses an unknown AUTH_MODE', () => {
    expect(() => loadConfig({ AUTH_MODE: 'none' })).to.throw('AUTH_MODE must be smart or off');
  });
});

describe('AUTH_* token settings (issue 6 plan "Settings")', () => {
  it('defaults: our own issuer at <origin>/auth, audience the FHIR base URL, asymmetric algorithms, 30 s, roles, 300 s', () => {
    const { auth } = loadConfig({ BASE_URL: 'https://fhir.example/r4/fhir', MONGODB_URL });
    expect(auth).to.deep.equal({
      mode: 'smart',
      issuer: 'https://fhir.example/auth',
      audience: 'https://fhir.example/r4/fhir',
      algorithms: ['RS256', 'RS384', 'ES256', 'ES384'],
      clockToleranceSeconds: 30,
      rolesClaim: 'roles',
      tokenLifetimeSeconds: 300,
      maxTokenLifetimeSeconds: 86_400,
      requireAtJwt: false,
    });
  });

  it('AUTH_MAX_TOKEN_LIFETIME_S bounds AUTH_TOKEN_LIFETIME_S; AUTH_REQUIRE_AT_JWT is true or false (RFC 9068 §4)', () => {
    expect(loadConfig({ MONGODB_URL, AUTH_MAX_TOKEN_LIFETIME_S: '600', AUTH_REQUIRE_AT_JWT: 'true' }).auth).to.include({
      maxTokenLifetimeSeconds: 600,
      requireAtJwt: true,
    });
    expect(() => loadConfig({ MONGODB_URL, AUTH_MAX_TOKEN_LIFETIME_S: '200' })).to.throw(/must not exceed/);
    expect(() => loadConfig({ MONGODB_URL, AUTH_REQUIRE_AT_JWT: 'yes' })).to.throw(/true or false/);
  });

  it('an external authorization server needs AUTH_ISSUER and AUTH_JWKS_URL together, the keys over https', () => {
    expect(loadConfig({ ...EXTERNAL, MONGODB_URL }).auth).to.include({
      issuer: EXTERNAL.AUTH_ISSUER,
      jwksUrl: EXTERNAL.AUTH_JWKS_URL,
    });
    expect(() => loadConfig({ AUTH_ISSUER: EXTERNAL.AUTH_ISSUER })).to.throw(
      /AUTH_ISSUER and AUTH_JWKS_URL go together/,
    );
    expect(() => loadConfig({ AUTH_JWKS_URL: EXTERNAL.AUTH_JWKS_URL })).to.throw(/go together/);
    expect(() => loadConfig({ ...EXTERNAL, AUTH_JWKS_URL: 'http://as.example/certs' })).to.throw(
      /must be an https URL/,
    );
    expect(() => loadConfig({ ...EXTERNAL, AUTH_JWKS_URL: 'certs' })).to.throw('AUTH_JWKS_URL must be an absolute URL');
    expect(loadConfig({ ...EXTERNAL, AUTH_JWKS_URL: 'http://127.0.0.1:9000/certs' }).auth.jwksUrl).to.match(/^http:/);
  });

  it('AUTH_ALGORITHMS takes asymmetric algorithms only: no HS*, no none (RFC 8725 §3.1)', () => {
    expect(loadConfig({ AUTH_ALGORITHMS: 'ES384, PS256' }).auth.algorithms).to.deep.equal(['ES384', 'PS256']);
    for (const AUTH_ALGORITHMS of ['HS256', 'RS256,none', ' , '])
      expect(() => loadConfig({ AUTH_ALGORITHMS }), AUTH_ALGORITHMS).to.throw(/^AUTH_ALGORITHMS takes asymmetric/);
  });

  it('refuses bad numbers and a half-configured admin client', () => {
    expect(() => loadConfig({ AUTH_CLOCK_TOLERANCE_S: '-1' })).to.throw(/^AUTH_CLOCK_TOLERANCE_S must be/);
    expect(() => loadConfig({ AUTH_TOKEN_LIFETIME_S: '0' })).to.throw(/^AUTH_TOKEN_LIFETIME_S must be/);
    expect(() => loadConfig({ AUTH_ADMIN_CLIENT_ID: 'admin' })).to.throw(/needs exactly one of AUTH_ADMIN_JWKS/);
    expect(() => loadConfig({ AUTH_ADMIN_JWKS: '{}' })).to.throw(/need AUTH_ADMIN_CLIENT_ID/);
    expect(() => loadConfig({ AUTH_ADMIN_CLIENT_ID: 'öps', AUTH_ADMIN_JWKS: '{}' })).to.throw(
      /AUTH_ADMIN_CLIENT_ID must be 1 to 128 of/,
    );
    const both = { AUTH_ADMIN_CLIENT_ID: 'admin', AUTH_ADMIN_JWKS: '{}', AUTH_ADMIN_JWKS_FILE: '/k.json' };
    expect(() => loadConfig(both)).to.throw(/needs exactly one/);
    expect(loadConfig({ AUTH_ADMIN_CLIENT_ID: 'admin', AUTH_ADMIN_JWKS_FILE: '/k.json' }).auth.admin).to.deep.equal({
      clientId: 'admin',
      jwksFile: '/k.json',
    });
  });
});
