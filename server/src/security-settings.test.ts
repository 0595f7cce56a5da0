import { expect } from 'chai';
import { parseSecuritySettings } from './security-settings.js';

describe('security settings (README "Configuration"): CORS, rate limit, TLS, body bounds', () => {
  it('defaults: CORS off, 6000 requests a minute per client with bursts of 1000 (RFC 6585 §4), plain HTTP, depth 256, strings of 1 MiB (datatypes.html#string)', () => {
    const settings = parseSecuritySettings({});
    expect(settings.cors).to.deep.equal({ origins: [], credentials: false });
    expect([settings.rateLimitPerMinute, settings.rateLimitBurst]).to.deep.equal([6000, 1000]);
    expect(settings.tls).to.equal(undefined);
    expect(settings.jsonMaxDepth).to.equal(256);
    expect(settings.stringMaxLength).to.equal(1024 * 1024);
  });

  it('reads the allow-list and the limits', () => {
    const settings = parseSecuritySettings({
      CORS_ORIGINS: 'https://a.example.org, http://localhost:3000',
      CORS_CREDENTIALS: 'true',
      RATE_LIMIT_PER_MINUTE: '600',
      RATE_LIMIT_BURST: '50',
      JSON_MAX_DEPTH: '64',
      STRING_MAX_LENGTH: '4096',
    });
    expect(settings.cors).to.deep.equal({
      origins: ['https://a.example.org', 'http://localhost:3000'],
      credentials: true,
    });
    expect([
      settings.rateLimitPerMinute,
      settings.rateLimitBurst,
      settings.jsonMaxDepth,
      settings.stringMaxLength,
    ]).to.deep.equal([600, 50, 64, 4096]);
  });

  it('refuses credentials with any origin (Fetch standard: no `*` with credentials)', () => {
    expect(() => parseSecuritySettings({ CORS_ORIGINS: '*', CORS_CREDENTIALS: 'true' })).to.throw(/CORS_CREDENTIALS/);
  });

  it('refuses what is not an origin, a bad number, a depth past the validator’s, half a TLS pair', () => {
    for (const origin of [
      'https://a.example.org/',
      'ftp://a.example.org',
      'a.example.org',
      'https://a.example.org/app',
    ])
      expect(() => parseSecuritySettings({ CORS_ORIGINS: origin }), origin).to.throw(/CORS_ORIGINS/);
    expect(() => parseSecuritySettings({ CORS_CREDENTIALS: 'yes' })).to.throw(/CORS_CREDENTIALS/);
    expect(() => parseSecuritySettings({ RATE_LIMIT_PER_MINUTE: '-1' })).to.throw(/RATE_LIMIT_PER_MINUTE/);
    expect(() => parseSecuritySettings({ RATE_LIMIT_BURST: '0' })).to.throw(/RATE_LIMIT_BURST/);
    expect(() => parseSecuritySettings({ JSON_MAX_DEPTH: '1000' })).to.throw(/JSON_MAX_DEPTH/);
    expect(() => parseSecuritySettings({ STRING_MAX_LENGTH: '0' })).to.throw(/STRING_MAX_LENGTH/);
    expect(() => parseSecuritySettings({ TLS_CERT_FILE: '/nonexistent.pem' })).to.throw(
      /TLS_CERT_FILE and TLS_KEY_FILE/,
    );
  });
});
