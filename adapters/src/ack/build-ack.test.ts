import { expect } from 'chai';
import { parseHl7 } from '../hl7/parse.js';
import { buildAck } from './build-ack.js';
import { buildRejectAck } from './reject-ack.js';

const fixed = { controlId: 'ACK1', now: new Date('2024-01-02T03:04:05.678Z') };
const message = parseHl7('MSH|^~\\&|SAPP|SFAC^1.2&x&ISO|RAPP|RFAC|20240101||ADT^A01^ADT_A01|CTRL-9|T|2.5.1\rPID|1');

describe('v2.5.1 §2.9.2 original acknowledgment: buildAck', () => {
  it('writes an AA with swapped applications, ACK^trigger^ACK and the original control id', () => {
    expect(buildAck(message, 'AA', undefined, fixed)).to.equal(
      'MSH|^~\\&|RAPP|RFAC|SAPP|SFAC^1.2&x&ISO|20240102030405+0000||ACK^A01^ACK|ACK1|T|2.5.1\rMSA|AA|CTRL-9\r',
    );
  });

  it('adds an ERR with location, table 0357 code, severity and an escaped user message', () => {
    const ack = buildAck(message, 'AE', { code: '101', text: 'PID-3 missing | or & bad', location: 'PID-3.1' }, fixed);
    expect(ack.split('\r')[2]).to.equal(
      'ERR||PID^1^3^1^1|101^Required field missing^HL70357|E||||PID-3 missing \\F\\ or \\T\\ bad',
    );
  });

  it('keeps the incoming delimiters, escaping our text with them (r is the repetition separator here)', () => {
    const custom = parseHl7('MSH!$r?@!A!B!C!D!!!ADT$A04!X1!P!2.5');
    const ack = buildAck(custom, 'AR', { code: '200', text: 'no $ here', location: 'MSH-9' }, fixed);
    expect(ack).to.equal(
      'MSH!$r?@!C!D!A!B!20240102030405+0000!!ACK$A04$ACK!ACK1!P!2.5\rMSA!AR!X1\rERR!!MSH$1$9$1!200$Unsuppo?R?ted message type$HL70357!E!!!!no ?S? he?R?e\r',
    );
  });

  it('copies MSH-18 so that the ACK declares the character set it is sent in (§2.15.9.18)', () => {
    const latin = parseHl7('MSH|^~\\&|S|F|R|G|20240101||ADT^A08|C1|P|2.5.1||||||8859/1\rPID|1');
    expect(buildAck(latin, 'AA', undefined, fixed).split('\r')[0]).to.equal(
      'MSH|^~\\&|R|G|S|F|20240102030405+0000||ACK^A08^ACK|ACK1|P|2.5.1||||||8859/1',
    );
  });

  it('puts a non-field location into the text and writes one ERR per warning', () => {
    const ack = buildAck(
      message,
      'AA',
      [
        { code: '101', text: 'a', location: 'PV1-19', severity: 'W' },
        { code: '102', text: 'b', location: 'segment 3', severity: 'W' },
      ],
      fixed,
    );
    expect(ack.split('\r').slice(2, 4)).to.deep.equal([
      'ERR||PV1^1^19^1|101^Required field missing^HL70357|W||||a',
      'ERR|||102^Data type error^HL70357|W||||b (at segment 3)',
    ]);
  });
});

describe('v2.5.1 §2.9.2 original acknowledgment: buildRejectAck', () => {
  it('answers unparsable input with a generic AR, salvaging what it can', () => {
    const ack = buildRejectAck(
      'MSH|^~\\\\&|SAPP|SFAC|RAPP|RFAC|x||ADT^A01|C7|P|2.5',
      { code: '102', text: 'bad MSH-2', location: 'MSH-2' },
      fixed,
    );
    expect(ack).to.equal(
      'MSH|^~\\&|RAPP|RFAC|SAPP|SFAC|20240102030405+0000||ACK|ACK1|P|2.5.1\rMSA|AR|C7\rERR||MSH^1^2^1|102^Data type error^HL70357|E||||bad MSH-2\r',
    );
  });

  it('answers garbage with an AR and no control id', () => {
    expect(buildRejectAck('\x00garbage', { code: '100', text: 'no MSH' }, fixed)).to.contain('\rMSA|AR|\r');
  });
});
