import { expect } from 'chai';
import iconv from 'iconv-lite';
import { decodeHl7 } from './decode.js';
import { encodeHl7Bytes } from './encode-bytes.js';
import { parseHl7 } from './parse.js';
import { Hl7ParseError } from './parse-error.js';

/** A two-segment message declaring `charset` in MSH-18, with `name` in PID-5. */
const message = (charset: string, name: string): string =>
  `MSH|^~\\&|S|F|R|G|20240101||ADT^A08|C1|P|2.5.1||||||${charset}\rPID|1||42^^^H^MR||${name}\r`;

const bytes = (text: string, encoding: string): Uint8Array => iconv.encode(text, encoding);

describe('v2.5.1 §2.15.9.18 MSH-18 character set: decodeHl7', () => {
  const declared: Array<[string, string, string]> = [
    ['8859/1', 'iso-8859-1', 'Müller^Zoë'],
    ['8859/2', 'iso-8859-2', 'Dvořák^Łukasz'],
    ['8859/5', 'iso-8859-5', 'Иванов^Пётр'],
    ['8859/7', 'iso-8859-7', 'Παπαδόπουλος'],
    ['8859/8', 'iso-8859-8', 'כהן'],
    ['8859/9', 'iso-8859-9', 'Yılmaz^Şule'],
    ['8859/15', 'iso-8859-15', 'Œuvre^€'],
    ['GB 18030-2000', 'gb18030', '王^小明'],
    ['KS X 1001', 'euc-kr', '김^민준'],
    ['BIG-5', 'big5', '陳^大文'],
    ['UNICODE UTF-8', 'utf-8', 'Nguyễn^Thị 😀'],
  ];
  for (const [code, encoding, name] of declared) {
    it(`reads ${code} and writes it back byte for byte (§2.15.9.18)`, () => {
      const raw = bytes(message(code, name), encoding);
      const decoded = decodeHl7(raw);
      expect(decoded.charset).to.equal(code);
      expect(parseHl7(decoded.text).get('PID')?.field(5).raw).to.equal(name);
      expect(Buffer.from(encodeHl7Bytes(decoded.text, decoded.charset))).to.deep.equal(Buffer.from(raw));
    });
  }

  it('reads the C1 byte range of 8859/1 as ISO 8859-1 defines it, not as Windows-1252 (§2.15.9.18)', () => {
    const raw = Buffer.concat([Buffer.from(message('8859/1', '').slice(0, -1)), Buffer.from([0x80, 0x0d])]);
    const decoded = decodeHl7(raw);
    expect(decoded.text).to.contain('\u0080');
    expect(Buffer.from(encodeHl7Bytes(decoded.text, decoded.charset))).to.deep.equal(raw);
  });

  it('takes the first repetition as the default set and ignores case and blanks (§2.15.9.18)', () => {
    const raw = bytes(message(' 8859/1 ', 'Müller'), 'latin1');
    expect(decodeHl7(raw).charset).to.equal('8859/1');
  });

  it('reads JIS (ISO IR87 as an alternate set, switched by ISO 2022 escapes) as ISO-2022-JP (§2.15.9.20)', () => {
    const text = message('~ISO IR87', '山田^太郎');
    const raw = encodeHl7Bytes(text, 'ISO IR87');
    expect(Buffer.from(raw).includes(Buffer.from([0x1b, 0x24, 0x42]))).to.equal(true);
    const decoded = decodeHl7(raw);
    expect(decoded).to.deep.equal({ text, charset: 'ISO IR87' });
    expect(Buffer.from(encodeHl7Bytes(decoded.text, decoded.charset))).to.deep.equal(Buffer.from(raw));
  });

  it('re-reads MSH-18 after decoding: a Big-5 byte equal to "|" in MSH-3 does not hide it (§2.15.9.18)', () => {
    // 咽 is AB 7C in Big-5: read byte by byte, MSH-3 holds a field separator and MSH-18 moves one field on.
    const text = message('BIG-5', '陳').replace('|S|', '|咽喉|');
    expect(decodeHl7(bytes(text, 'big5'))).to.deep.equal({ text, charset: 'BIG-5' });
  });

  it('an empty MSH-18: UTF-8 when the bytes are valid UTF-8, ISO 8859-1 otherwise (§2.15.9.18)', () => {
    expect(decodeHl7(bytes(message('', 'Zoë'), 'utf-8'))).to.deep.equal({
      text: message('', 'Zoë'),
      charset: 'UNICODE UTF-8',
    });
    expect(decodeHl7(bytes(message('', 'Zoë'), 'latin1'))).to.deep.equal({
      text: message('', 'Zoë'),
      charset: '8859/1',
    });
  });

  it('an empty MSH-18 before MSH-19 "ASCII" is still empty: UTF-8 bytes read as UTF-8 (§2.15.9.18, §2.15.9.19)', () => {
    const text = `MSH|^~\\&|S|F|R|G|20240101||ADT^A08|C1|P|2.5.1|||||||ASCII\rPID|1||42^^^H^MR||Müller^Zoë\r`;
    const decoded = decodeHl7(bytes(text, 'utf-8'));
    expect(decoded).to.deep.equal({ text, charset: 'UNICODE UTF-8' });
  });

  it('honours and strips a byte-order mark: UTF-8, UTF-16LE/BE, UTF-32LE (§2.15.9.18)', () => {
    const text = message('', 'Zoë 😀');
    const marked: Array<[Uint8Array, string]> = [
      [Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), bytes(text, 'utf-8')]), 'UNICODE UTF-8'],
      [bytes('\uFEFF' + text, 'utf-16le'), 'UNICODE UTF-16'],
      [bytes('\uFEFF' + text, 'utf-16be'), 'UNICODE UTF-16'],
      [bytes('\uFEFF' + text, 'utf-32le'), 'UNICODE UTF-32'],
    ];
    for (const [raw, charset] of marked) expect(decodeHl7(raw)).to.deep.equal({ text, charset });
  });

  it('recognises UTF-16 and UTF-32 without a BOM by the NULs around "MSH" (§2.15.9.18)', () => {
    const text = message('UNICODE UTF-16', 'Zoë');
    expect(decodeHl7(bytes(text, 'utf-16le')).text).to.equal(text);
    expect(decodeHl7(bytes(text, 'utf-16be')).text).to.equal(text);
    expect(decodeHl7(bytes(text, 'utf-32be')).text).to.equal(text);
    expect(decodeHl7(encodeHl7Bytes(text, 'UNICODE UTF-32')).charset).to.equal('UNICODE UTF-32');
  });

  const refused: Array<[string, Uint8Array, string]> = [
    ['an unknown code', bytes(message('EBCDIC', 'x'), 'latin1'), 'not in HL7 table 0211'],
    ['an unknown alternate set', bytes(message('ASCII~KOI8-R', 'x'), 'latin1'), 'not in HL7 table 0211'],
    ['a byte above 0x7F in ASCII', bytes(message('ASCII', 'Zoë'), 'latin1'), 'not valid ASCII'],
    ['invalid UTF-8 declared as UTF-8', bytes(message('UNICODE UTF-8', 'Zoë'), 'latin1'), 'not valid UNICODE UTF-8'],
    ['a byte 8859/3 leaves undefined', Buffer.from(message('8859/3', '\u00a5'), 'latin1'), 'not valid 8859/3'],
    [
      'messages of one batch in different sets',
      bytes(message('8859/1', 'a') + message('8859/2', 'b'), 'latin1'),
      'different character sets',
    ],
  ];
  for (const [why, raw, reason] of refused) {
    it(`refuses ${why} with a clear reason at MSH-18 (AR)`, () => {
      expect(() => decodeHl7(raw))
        .to.throw(Hl7ParseError, reason)
        .with.property('location', 'MSH-18');
    });
  }

  it('leaves input without an MSH to the parser (decoding names no structure error)', () => {
    expect(decodeHl7(Buffer.from('garbage\r')).text).to.equal('garbage\r');
  });
});

describe('v2.5.1 §2.15.9.18 encodeHl7Bytes', () => {
  it('writes an empty code as UTF-8 and a set that cannot hold a character as "?"', () => {
    expect(Buffer.from(encodeHl7Bytes('é', '')).toString('utf8')).to.equal('é');
    expect(Buffer.from(encodeHl7Bytes('é€', 'ASCII')).toString('latin1')).to.equal('??');
  });

  it('refuses a code outside table 0211', () => {
    expect(() => encodeHl7Bytes('x', 'KOI8-R')).to.throw(Hl7ParseError, 'table 0211');
  });
});
