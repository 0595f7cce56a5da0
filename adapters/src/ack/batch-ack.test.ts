import { expect } from 'chai';
import { readBatchFile } from '../hl7/batch.js';
import { parseHl7 } from '../hl7/parse.js';
import { hl7CorpusFiles } from '../test-support/corpus.js';
import { buildBatchAck } from './batch-ack.js';
import { buildAck } from './build-ack.js';
import { buildRejectAck } from './reject-ack.js';

const fixed = { controlId: 'ACK1', now: new Date('2024-01-02T03:04:05Z') };
const msg = (id: string): string => `MSH|^~\\&|SAPP|SFAC|RAPP|RFAC|20240101||ADT^A04|${id}|P|2.5.1\rPID|1||${id}`;

/** Each message's ACK, as a receiver answers a batch: every message on its own (§2.10.3). */
const acksOf = (text: string): string[] =>
  readBatchFile(text).messages.map((m) => buildAck(parseHl7(m), 'AA', undefined, fixed));

describe('v2.5.1 §2.10.3 batch protocol: buildBatchAck', () => {
  it('answers FHS/BHS…BTS/FTS with the same shape, counts in BTS-1/FTS-1 (§2.15.3, §2.15.7)', () => {
    const file = [
      'FHS|^~\\&|FAPP|FFAC|FRCV|FRFAC|20240101||||F-9',
      'BHS|^~\\&|BAPP|BFAC|BRCV|BRFAC|20240101||||B-1',
      msg('1'),
      msg('2'),
      'BTS|2',
      'BHS|^~\\&|BAPP|BFAC|BRCV|BRFAC|20240101||||B-2',
      msg('3'),
      'BTS|1',
      'FTS|2',
    ].join('\r');
    const answer = buildBatchAck(readBatchFile(file), acksOf(file), fixed);
    const lines = answer.split('\r');
    expect(lines.map((l) => l.slice(0, 3))).to.deep.equal([
      'FHS',
      'BHS',
      'MSH',
      'MSA',
      'MSH',
      'MSA',
      'BTS',
      'BHS',
      'MSH',
      'MSA',
      'BTS',
      'FTS',
      '',
    ]);
    expect(lines[0]).to.equal('FHS|^~\\&|FRCV|FRFAC|FAPP|FFAC|20240102030405+0000||||ACK1F|F-9');
    expect(lines[1]).to.equal('BHS|^~\\&|BRCV|BRFAC|BAPP|BFAC|20240102030405+0000||||ACK1B1|B-1');
    expect([lines[6], lines[10], lines[11]]).to.deep.equal(['BTS|2', 'BTS|1', 'FTS|2']);
    // The answer is itself a well-formed batch whose counts check out, one ACK per message in order.
    const back = readBatchFile(answer);
    expect(back.messages.map((m) => parseHl7(m).get('MSA')?.field(2).value)).to.deep.equal(['1', '2', '3']);
  });

  it('answers a header-less batch with BHS…BTS, BHS-3..6 from the ACKs (§2.10.3, §2.15.2)', () => {
    const text = `${msg('1')}\r${msg('2')}`;
    const answer = buildBatchAck(readBatchFile(text), acksOf(text), fixed);
    const lines = answer.split('\r');
    expect(lines[0]).to.equal('BHS|^~\\&|RAPP|RFAC|SAPP|SFAC|20240102030405+0000||||ACK1B1');
    expect(lines.at(-2)).to.equal('BTS|2');
    expect(readBatchFile(answer).batches[0]?.header?.field(3).value).to.equal('RAPP');
  });

  it('keeps a rejected message`s AR in its place, and each header`s own delimiters (§2.15.2.2)', () => {
    const text = ['BHS!$r?@!A!B!C!D', 'MSH|^~\\&|bad', msg('2'), 'BTS!2'].join('\r');
    const [, good = ''] = readBatchFile(text).messages;
    const acks = [
      buildRejectAck('MSH|^~\\&|bad', { code: '101', text: 'MSH-9 missing' }, fixed),
      buildAck(parseHl7(good), 'AA', undefined, fixed),
    ];
    const answer = buildBatchAck(readBatchFile(text), acks, fixed);
    expect(answer.split('\r')[0]).to.equal('BHS!$r?@!C!D!A!B!20240102030405+0000!!!!ACK1B1');
    expect(answer.split('\r').at(-2)).to.equal('BTS!2');
    const codes = readBatchFile(answer).messages.map((m) => parseHl7(m).get('MSA')?.field(1).value);
    expect(codes).to.deep.equal(['AR', 'AA']);
  });

  it('a message answered with nothing is left out of the batch and of BTS-1 (§2.15.3.1)', () => {
    const text = `${msg('1')}\r${msg('2')}`;
    const [, second = ''] = acksOf(text);
    const lines = buildBatchAck(readBatchFile(text), ['', second], fixed).split('\r');
    expect([lines[0], lines.at(-2)]).to.deep.equal([
      'BHS|^~\\&|RAPP|RFAC|SAPP|SFAC|20240102030405+0000||||ACK1B1',
      'BTS|1',
    ]);
    expect(lines.filter((l) => l.startsWith('MSA'))).to.deep.equal(['MSA|AA|2']);
  });

  it('refuses a number of ACKs that is not the number of messages', () => {
    const text = `${msg('1')}\r${msg('2')}`;
    expect(() => buildBatchAck(readBatchFile(text), acksOf(text).slice(1), fixed)).to.throw(RangeError);
  });

  describe('every batch and file of the corpus (§2.10.3)', () => {
    const batches = hl7CorpusFiles().filter((f) => /batch|file_|FHS|BHS/.test(f.name) && !f.name.includes('NEGATIVE'));
    for (const file of batches) {
      it(`answers ${file.name} with one ACK per message, in order`, () => {
        const received = readBatchFile(file.text);
        const answer = readBatchFile(buildBatchAck(received, acksOf(file.text), fixed));
        expect(answer.batches.map((b) => b.messages.length)).to.deep.equal(
          received.batches.map((b) => b.messages.length),
        );
        expect(answer.header === undefined).to.equal(received.header === undefined);
        const ids = received.messages.map((m) => parseHl7(m).get('MSH')?.field(10).raw);
        expect(answer.messages.map((m) => parseHl7(m).get('MSA')?.field(2).raw)).to.deep.equal(ids);
      });
    }
  });
});
