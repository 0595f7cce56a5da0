import { expect } from 'chai';
import { readBatchFile, splitBatch } from './batch.js';
import { Hl7ParseError } from './parse-error.js';

const msg = (id: string): string => `MSH|^~\\&|A||B||20240101||ADT^A04|${id}|P|2.5\rPID|1||${id}`;

describe('v2.5.1 §2.10.3 batch protocol: splitBatch / readBatchFile', () => {
  it('returns a single message as one', () => {
    expect(splitBatch(msg('1'))).to.deep.equal([msg('1') + '\r']);
  });

  it('splits header-less messages written back to back', () => {
    expect(splitBatch(`${msg('1')}\n${msg('2')}`)).to.have.length(2);
  });

  it('unwraps FHS/BHS/BTS/FTS and checks the counts', () => {
    const file = ['FHS|^~\\&', 'BHS|^~\\&', msg('1'), msg('2'), 'BTS|2', 'BHS|^~\\&', msg('3'), 'BTS|1', 'FTS|2'];
    expect(splitBatch(file.join('\r')).map((m) => m.split('\r')[0]?.split('|')[9])).to.deep.equal(['1', '2', '3']);
  });

  it('does not split at MSH inside a field', () => {
    expect(splitBatch(`${msg('1')}\rOBX||||MSH||||MSH`)).to.have.length(1);
  });

  const bad: Array<[string, string]> = [
    ['segments without MSH', 'BHS|^~\\&\rEVN|A04\rPID|1\rBTS|1'],
    ['BHS inside a message', `FHS|^~\\&\rBHS|^~\\&\r${msg('1')}\rBHS|^~\\&\rBTS|1\rFTS|1`],
    ['a wrong BTS count', `BHS|^~\\&\r${msg('1')}\rBTS|2`],
    ['a BTS without BHS', `${msg('1')}\rBTS|1`],
    ['an unclosed batch', `BHS|^~\\&\r${msg('1')}`],
    ['a segment after FTS', `FHS|^~\\&\r${msg('1')}\rFTS|0\rPID|1`],
    ['nothing at all', '\r\n'],
  ];
  for (const [why, text] of bad) {
    it(`rejects ${why}`, () => expect(() => splitBatch(text)).to.throw(Hl7ParseError));
  }

  it('readBatchFile keeps the envelope: FHS, each BHS and header-less runs as batches (§2.10.3, §2.15.2, §2.15.6)', () => {
    const file = [
      'FHS|^~\\&|F||||||||F-1',
      msg('0'),
      'BHS|^~\\&|B||||||||B-1',
      msg('1'),
      msg('2'),
      'BTS|2',
      msg('3'),
      'FTS|1',
    ];
    const read = readBatchFile(file.join('\r'));
    expect(read.header?.field(11).value).to.equal('F-1');
    expect(read.batches.map((b) => [b.header?.field(11).value, b.messages.length])).to.deep.equal([
      [undefined, 1],
      ['B-1', 2],
      [undefined, 1],
    ]);
    expect(read.isBatch).to.equal(true);
  });

  it('a lone message is not a batch; two back to back or one in BHS…BTS are (§2.10.3)', () => {
    expect(readBatchFile(msg('1')).isBatch).to.equal(false);
    expect(readBatchFile(`${msg('1')}\r${msg('2')}`).isBatch).to.equal(true);
    expect(readBatchFile(`BHS|^~\\&\r${msg('1')}\rBTS|1`).isBatch).to.equal(true);
  });

  it('FTS-1 of a file without BHS may count its implied batch or none (§2.15.7.1)', () => {
    const file = (count: string): string => ['FHS|^~\\&', msg('1'), msg('2'), `FTS|${count}`].join('\r');
    expect(splitBatch(file('1'))).to.have.length(2);
    expect(splitBatch(file('0'))).to.have.length(2);
    expect(() => splitBatch(file('2'))).to.throw(Hl7ParseError, 'trailer count 2');
  });

  it('rejects a batch header whose delimiters cannot be read (§2.15.2.2)', () => {
    expect(() => readBatchFile(`BHS|^~\\\\&\r${msg('1')}\rBTS|1`)).to.throw(Hl7ParseError, 'encoding characters');
  });
});
