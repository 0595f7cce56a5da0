import { expect } from 'chai';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { parseMllpAccessSettings } from './mllp-settings.js';

/** MLLP access (README "MLLP access"): IHE ITI TF-2 §3.19 ATNA secure node — known peers, mutual TLS. */
describe('MLLP access settings: a bad value stops the start naming the setting', () => {
  let dir: string;
  let pem: { cert: string; key: string; ca: string };
  before(() => {
    dir = mkdtempSync(path.join(tmpdir(), 'nh-tls-'));
    const file = (name: string) => {
      writeFileSync(path.join(dir, name), `-----BEGIN ${name}-----\n`);
      return path.join(dir, name);
    };
    pem = { cert: file('cert'), key: file('key'), ca: file('ca') };
  });
  after(() => rmSync(dir, { recursive: true, force: true }));
  const tlsOf = (env: NodeJS.ProcessEnv) => parseMllpAccessSettings(env).mllpTls;

  it('reads MLLP_ALLOWED_PEERS (addresses and CIDR ranges; default loopback only); a bad entry stops the start', () => {
    expect(parseMllpAccessSettings({}).mllpAllowedPeers.entries).to.deep.equal(['127.0.0.0/8', '::1']);
    const peers = parseMllpAccessSettings({ MLLP_ALLOWED_PEERS: '10.0.0.0/8, 2001:db8::/32' }).mllpAllowedPeers;
    expect([peers.allows('10.2.3.4'), peers.allows('2001:db8::7'), peers.allows('127.0.0.1')]).to.deep.equal([
      true,
      true,
      false,
    ]);
    for (const bad of ['', 'hospital.example', '10.0.0.0/40'])
      expect(() => parseMllpAccessSettings({ MLLP_ALLOWED_PEERS: bad }), bad).to.throw(/^MLLP_ALLOWED_PEERS: /);
  });

  it('reads MLLP_TLS_CERT/KEY/CA files; a missing file or a lone certificate stops the start', () => {
    const tls = tlsOf({ MLLP_TLS_CERT: pem.cert, MLLP_TLS_KEY: pem.key, MLLP_TLS_CA: pem.ca });
    expect(tls?.cert.toString()).to.equal('-----BEGIN cert-----\n');
    expect(tls?.ca?.toString()).to.equal('-----BEGIN ca-----\n');
    expect(() => tlsOf({ MLLP_TLS_CERT: pem.cert })).to.throw(/MLLP_TLS_CERT and MLLP_TLS_KEY/);
    expect(() => tlsOf({ MLLP_TLS_CERT: path.join(dir, 'none'), MLLP_TLS_KEY: pem.key })).to.throw(
      /^MLLP_TLS_CERT must name a readable PEM file/,
    );
  });

  it('mutual TLS: MLLP_TLS_CA requires a client certificate (MLLP_TLS_REQUIRE_CLIENT_CERT defaults to true with it, false without)', () => {
    expect(tlsOf({ MLLP_TLS_CERT: pem.cert, MLLP_TLS_KEY: pem.key })).to.include({ requestCert: false });
    expect(tlsOf({ MLLP_TLS_CERT: pem.cert, MLLP_TLS_KEY: pem.key, MLLP_TLS_CA: pem.ca })).to.include({
      requestCert: true,
    });
    const explicit = { MLLP_TLS_CERT: pem.cert, MLLP_TLS_KEY: pem.key, MLLP_TLS_CA: pem.ca };
    expect(tlsOf({ ...explicit, MLLP_TLS_REQUIRE_CLIENT_CERT: 'true' })).to.include({ requestCert: true });
  });

  it('refuses a client-certificate setting that would check nothing: required without a CA, a CA with false, no TLS at all', () => {
    const server = { MLLP_TLS_CERT: pem.cert, MLLP_TLS_KEY: pem.key };
    expect(() => tlsOf({ ...server, MLLP_TLS_REQUIRE_CLIENT_CERT: 'true' })).to.throw(/needs MLLP_TLS_CA/);
    expect(() => tlsOf({ ...server, MLLP_TLS_CA: pem.ca, MLLP_TLS_REQUIRE_CLIENT_CERT: 'false' })).to.throw(
      /^MLLP_TLS_CA verifies client certificates/,
    );
    expect(() => tlsOf({ MLLP_TLS_REQUIRE_CLIENT_CERT: 'true' })).to.throw(/need MLLP_TLS_CERT/);
    expect(() => tlsOf({ ...server, MLLP_TLS_REQUIRE_CLIENT_CERT: 'yes' })).to.throw(
      /^MLLP_TLS_REQUIRE_CLIENT_CERT must be true or false/,
    );
  });

  it('reads MLLP_TLS_ALLOWED_SUBJECTS (client certificate CNs), only with client certificates', () => {
    const mutual = { MLLP_TLS_CERT: pem.cert, MLLP_TLS_KEY: pem.key, MLLP_TLS_CA: pem.ca };
    expect(tlsOf({ ...mutual, MLLP_TLS_ALLOWED_SUBJECTS: 'lab-north, ris ' })?.allowedSubjects).to.deep.equal(
      new Set(['lab-north', 'ris']),
    );
    expect(tlsOf(mutual)).to.not.have.property('allowedSubjects');
    expect(() =>
      tlsOf({ MLLP_TLS_CERT: pem.cert, MLLP_TLS_KEY: pem.key, MLLP_TLS_ALLOWED_SUBJECTS: 'lab-north' }),
    ).to.throw(/^MLLP_TLS_ALLOWED_SUBJECTS needs client certificates/);
  });
});
