import { expect } from 'chai';
import { parseHl7Settings } from './hl7-settings.js';
import { PeerAllowList } from './net/peer-allow-list.js';

describe('HL7 v2 settings (README "Configuration"): a bad value stops the start naming the setting', () => {
  it('defaults: original ACKs, 20 attempts 1 s → 60 s apart, 4 jobs at once, no identifier tables, MLLP from loopback only, no TLS', () => {
    expect(parseHl7Settings({})).to.deep.equal({
      ackMode: 'original',
      maxAttempts: 20,
      retryBackoffMs: 1000,
      retryMaxBackoffMs: 60_000,
      workerConcurrency: 4,
      sweepIntervalMs: 30_000,
      sweepStaleMs: 30_000,
      mllpMaxFrameBytes: 64 * 1024 * 1024,
      identifierSystems: {},
      facilityIdentifierSystems: {},
      mllpAllowedPeers: PeerAllowList.LOOPBACK,
    });
  });

  it('reads MLLP_MAX_FRAME_BYTES (a positive integer; default the HTTP body limit, 64 MiB)', () => {
    expect(parseHl7Settings({ MLLP_MAX_FRAME_BYTES: '8388608' })).to.include({ mllpMaxFrameBytes: 8_388_608 });
    expect(() => parseHl7Settings({ MLLP_MAX_FRAME_BYTES: '0' })).to.throw(/MLLP_MAX_FRAME_BYTES must be a positive/);
  });

  it('reads HL7_ACK_MODE and HL7_MAX_ATTEMPTS (v2.5.1 §2.9.2 original, §2.9.3 enhanced acknowledgment)', () => {
    expect(parseHl7Settings({ HL7_ACK_MODE: 'enhanced', HL7_MAX_ATTEMPTS: '2' })).to.include({
      ackMode: 'enhanced',
      maxAttempts: 2,
    });
    expect(() => parseHl7Settings({ HL7_ACK_MODE: 'queued' })).to.throw(/^HL7_ACK_MODE/);
    for (const bad of ['0', '1.5', 'x'])
      expect(() => parseHl7Settings({ HL7_MAX_ATTEMPTS: bad })).to.throw(/^HL7_MAX_ATTEMPTS/);
  });

  it('reads HL7_SWEEP_INTERVAL_MS and HL7_SWEEP_STALE_MS, positive integers of milliseconds', () => {
    expect(parseHl7Settings({ HL7_SWEEP_INTERVAL_MS: '5000', HL7_SWEEP_STALE_MS: '60000' })).to.include({
      sweepIntervalMs: 5000,
      sweepStaleMs: 60_000,
    });
    for (const name of ['HL7_SWEEP_INTERVAL_MS', 'HL7_SWEEP_STALE_MS'])
      for (const bad of ['0', '-5', '2.5', 'soon', ''])
        expect(() => parseHl7Settings({ [name]: bad }), `${name}=${bad}`).to.throw(new RegExp(`^${name}`));
  });

  it('reads the retry curve and the worker concurrency (HL7_RETRY_BACKOFF_MS, HL7_RETRY_MAX_BACKOFF_MS, HL7_WORKER_CONCURRENCY)', () => {
    expect(
      parseHl7Settings({ HL7_RETRY_BACKOFF_MS: '0', HL7_RETRY_MAX_BACKOFF_MS: '5000', HL7_WORKER_CONCURRENCY: '1' }),
    ).to.include({ retryBackoffMs: 0, retryMaxBackoffMs: 5000, workerConcurrency: 1 });
    expect(() => parseHl7Settings({ HL7_RETRY_BACKOFF_MS: '-1' })).to.throw(/^HL7_RETRY_BACKOFF_MS/);
    expect(() => parseHl7Settings({ HL7_RETRY_MAX_BACKOFF_MS: 'soon' })).to.throw(/^HL7_RETRY_MAX_BACKOFF_MS/);
    expect(() => parseHl7Settings({ HL7_WORKER_CONCURRENCY: '0' })).to.throw(/^HL7_WORKER_CONCURRENCY/);
  });

  it('reads HL7_IDENTIFIER_SYSTEMS: a global table and one per sending facility, systems absolute URIs (datatypes.html#Identifier)', () => {
    const setting = JSON.stringify({
      global: { MRN: 'http://hospital.example/mrn' },
      facilities: { NORTH: { MRN: 'urn:oid:1.2.3' } },
    });
    expect(parseHl7Settings({ HL7_IDENTIFIER_SYSTEMS: setting })).to.deep.include({
      identifierSystems: { MRN: 'http://hospital.example/mrn' },
      facilityIdentifierSystems: { NORTH: { MRN: 'urn:oid:1.2.3' } },
    });
    for (const bad of ['{', '[]', '{"other":{}}', '{"global":{"MRN":"mrn"}}', '{"facilities":{"N":{"MRN":1}}}']) {
      expect(() => parseHl7Settings({ HL7_IDENTIFIER_SYSTEMS: bad }), bad).to.throw(/^HL7_IDENTIFIER_SYSTEMS/);
    }
  });
});
