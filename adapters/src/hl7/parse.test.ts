import { expect } from 'chai';
import { encodeHl7 } from './encode.js';
import { parseHl7 } from './parse.js';
import { Hl7ParseError } from './parse-error.js';

const adt = [
  'MSH|^~\\&|SEND|FAC|RECV|RFAC|20240102030405||ADT^A01^ADT_A01|CTRL1|P|2.5.1',
  'PID|1||123^^^HOSP^MR~456^^^&1.2.3&ISO||DOE&VAN^JOHN^Q~ROE^RICHARD||19800101|M|||""|',
].join('\r');

describe('v2.5.1 §2.5 message framework: parseHl7', () => {
  it('numbers MSH fields as the standard does: MSH-1 is the field separator (§2.15.9.1-2)', () => {
    const msh = parseHl7(adt).get('MSH');
    expect(msh?.field(1).value).to.equal('|');
    expect(msh?.field(2).value).to.equal('^~\\&');
    expect(msh?.field(3).value).to.equal('SEND');
    expect(msh?.field(9).component(2)).to.equal('A01');
    expect(msh?.field(12).value).to.equal('2.5.1');
  });

  it('splits repetitions, components and subcomponents (§2.5.4)', () => {
    const pid = parseHl7(adt).get('PID');
    const ids = pid?.field(3).repetitions ?? [];
    expect(ids.map((r) => r.value)).to.deep.equal(['123', '456']);
    expect(ids[1]?.component(4, 2)).to.equal('1.2.3');
    expect(pid?.field(5).component(1, 2)).to.equal('VAN');
    expect(pid?.field(5).repetitions[1]?.component(2)).to.equal('RICHARD');
  });

  it('tells the explicit null "" from an empty field (§2.5.3)', () => {
    const pid = parseHl7(adt).get('PID');
    expect(pid?.field(11).isNull).to.equal(true);
    expect(pid?.field(11).value).to.equal(undefined);
    expect(pid?.field(12).isEmpty).to.equal(true);
    expect(pid?.field(12).isNull).to.equal(false);
    expect(pid?.field(40).isEmpty).to.equal(true);
  });

  it('accepts CR, LF and CRLF mixed, and a UTF-8 BOM (§2.5.4 segment terminator)', () => {
    const text = '\uFEFFMSH|^~\\&|A\r\nEVN|A01\nPID|1\rPV1|1|I\n\n';
    expect(parseHl7(text).segments.map((s) => s.name)).to.deep.equal(['MSH', 'EVN', 'PID', 'PV1']);
  });

  it('reads non-standard delimiters from MSH-1 and MSH-2 (§2.5.4)', () => {
    const m = parseHl7('MSH!$r?@!LIP!X$Y@Z!r2\rPID!1!!a$b@c r d');
    expect(m.delimiters).to.deep.equal({ field: '!', component: '$', repetition: 'r', escape: '?', subcomponent: '@' });
    expect(m.get('MSH')?.field(4).component(2, 2)).to.equal('Z');
    expect(
      m
        .get('PID')
        ?.field(3)
        .repetitions.map((r) => r.raw),
    ).to.deep.equal(['a$b@c ', ' d']);
  });

  it('takes a fifth encoding character as the v2.7 truncation character (§2.5.4, v2.7)', () => {
    const m = parseHl7('MSH|^~\\&#|A|B\rNTE|1||cut here\\P\\');
    expect(m.delimiters.truncation).to.equal('#');
    expect(m.get('NTE')?.field(3).value).to.equal('cut here#');
  });

  it('re-encodes byte-identically with CR terminators (§2.5.4)', () => {
    const text = 'MSH|^~\\&|A||\rPID|1||x\\F\\y^^^&&|||\r';
    expect(encodeHl7(parseHl7(text))).to.equal(text);
    expect(encodeHl7(parseHl7(text.replace(/\r/g, '\n')))).to.equal(text);
  });

  it('keeps Z-segments where they stand and reachable like any other (§2.5.2)', () => {
    const m = parseHl7('MSH|^~\\&|A\rZIN||abc||cba^www~abc^yyy\rZBE|yyy\rPID|1\rZBE||ab|ab');
    expect(m.segments.map((s) => s.name)).to.deep.equal(['MSH', 'ZIN', 'ZBE', 'PID', 'ZBE']);
    expect(m.get('ZIN')?.field(4).repetitions[1]?.component(2)).to.equal('yyy');
    const pid = m.get('PID');
    expect(pid && m.segmentsAfter(pid, ['ZBE']).map((s) => s.field(2).value)).to.deep.equal(['ab']);
  });

  const rejects: Array<[string, string, string]> = [
    ['', 'no MSH', 'segment 1'],
    ['PID|1', 'no MSH first', 'segment 1'],
    ['MSH', 'MSH too short', 'MSH-1'],
    ['MSH|^~', 'too few encoding characters', 'MSH-2'],
    ['MSH|^~\\\\&|A', 'doubled escape character', 'MSH-2'],
    ['MSH|^~|&|A', 'field separator among the encoding characters', 'MSH-2'],
    ['MSHA^~\\&A', 'alphanumeric field separator', 'MSH-1'],
    ['MSH|^~\\&|A\rPI|1', 'bad segment id', 'segment 2'],
    ['MSH|^~\\&|A\rPID1', 'segment id not followed by the field separator', 'segment 2'],
    ['MSH|^~\\&|A\rMSH|^~\\&|B', 'two messages', 'segment 2'],
    ['MSH|^~\\&|A\rBHS|^~\\&', 'batch envelope inside', 'segment 2'],
  ];
  for (const [text, why, location] of rejects) {
    it(`rejects ${why} with Hl7ParseError at ${location} (§2.5.4)`, () => {
      expect(() => parseHl7(text))
        .to.throw(Hl7ParseError)
        .that.satisfies((e: Hl7ParseError) => e.location === location);
    });
  }
});
