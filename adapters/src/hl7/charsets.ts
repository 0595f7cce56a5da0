import iconv from 'iconv-lite';
import { encodeIso2022Jp } from './iso-2022-jp.js';
import { Hl7ParseError } from './parse-error.js';

/** Turns bytes into text and back in one character set; `decode` throws on bytes the set does not define. */
export interface Hl7Codec {
  /** The HL7 table 0211 code this codec reads (`8859/1`, `UNICODE UTF-8`). */
  readonly code: string;
  decode(bytes: Uint8Array): string;
  encode(text: string): Uint8Array;
}

/**
 * Decoding is the platform's (TextDecoder, full ICU, `fatal`), except where the WHATWG Encoding Standard
 * reads a label as another set: it maps `ascii`, `iso-8859-1` and `iso-8859-9` to Windows-1252/1254,
 * which would turn bytes 0x80–0x9F into characters the sender never declared. Those and UTF-32 (which
 * TextDecoder lacks) are read by iconv-lite, which also does every encoding: Node has no legacy encoders.
 */
const platform = (code: string, label: string, encodeAs: string = label): Hl7Codec => {
  const decoder = new TextDecoder(label, { fatal: true, ignoreBOM: true });
  return { code, decode: (bytes) => decoder.decode(bytes), encode: (text) => iconv.encode(text, encodeAs) };
};

/** iconv-lite both ways; a byte it cannot map becomes U+FFFD, which no such set contains, so it is refused. */
const library = (code: string, name: string): Hl7Codec => ({
  code,
  decode: (bytes) => {
    const text = iconv.decode(Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength), name, { stripBOM: false });
    if (text.includes('\uFFFD') && !name.startsWith('utf')) throw new TypeError(`undefined byte in ${name}`);
    return text;
  },
  encode: (text) => iconv.encode(text, name),
});

/** 7-bit ASCII (ISO IR6): any byte ≥ 0x80 is not ASCII, however common "ASCII" that is Latin-1 may be. */
const ascii: Hl7Codec = {
  code: 'ASCII',
  decode: (bytes) => {
    if (bytes.some((b) => b > 0x7f)) throw new TypeError('byte above 0x7F');
    return iconv.decode(Buffer.from(bytes), 'latin1');
  },
  encode: (text) => iconv.encode(text, 'ascii'),
};

/**
 * The JIS sets of table 0211 arrive as ISO 2022 (MSH-20 `ISO 2022-1994`): ESC sequences switch between
 * ASCII / JIS X 0201 Roman (ISO IR14) and JIS X 0208 (ISO IR87), which is ISO-2022-JP. JIS X 0212
 * (ISO IR159) is outside ISO-2022-JP, so such bytes are refused rather than misread.
 */
const iso2022jp = (code: string): Hl7Codec => {
  const decoder = new TextDecoder('iso-2022-jp', { fatal: true });
  return { code, decode: (bytes) => decoder.decode(bytes), encode: encodeIso2022Jp };
};

const unicode = platform('UNICODE UTF-8', 'utf-8');

/** HL7 table 0211 (v2.5.1 §2.15.9.18; 8859/15 since v2.6) → codec. `UNICODE` alone is UCS-2, read as UTF-16. */
const table0211: ReadonlyMap<string, Hl7Codec> = new Map<string, Hl7Codec>([
  ['ASCII', ascii],
  ['ISO IR6', { ...ascii, code: 'ISO IR6' }],
  ['8859/1', library('8859/1', 'iso-8859-1')],
  ...[2, 3, 4, 5, 6, 7, 8].map((n): [string, Hl7Codec] => [`8859/${n}`, platform(`8859/${n}`, `iso-8859-${n}`)]),
  ['8859/9', library('8859/9', 'iso-8859-9')],
  ['8859/15', platform('8859/15', 'iso-8859-15')],
  ['ISO IR14', iso2022jp('ISO IR14')],
  ['ISO IR87', iso2022jp('ISO IR87')],
  ['ISO IR159', iso2022jp('ISO IR159')],
  ['GB 18030-2000', platform('GB 18030-2000', 'gb18030')],
  ['KS X 1001', platform('KS X 1001', 'euc-kr')],
  ['BIG-5', platform('BIG-5', 'big5')],
  ['UNICODE', platform('UNICODE', 'utf-16be')],
  ['UNICODE UTF-8', unicode],
  ['UNICODE UTF-16', platform('UNICODE UTF-16', 'utf-16be')],
  ['UNICODE UTF-32', library('UNICODE UTF-32', 'utf-32be')],
]);

/** What a byte-order mark or a NUL pattern says about the physical encoding, as a codec. */
export const physicalCodecs = {
  utf8: unicode,
  utf16le: platform('UNICODE UTF-16', 'utf-16le'),
  utf16be: platform('UNICODE UTF-16', 'utf-16be'),
  utf32le: library('UNICODE UTF-32', 'utf-32le'),
  utf32be: library('UNICODE UTF-32', 'utf-32be'),
} as const;

/** The codec for an MSH-18 value (case and surrounding blanks ignored), if table 0211 has it. */
export function findCodec(code: string): Hl7Codec | undefined {
  return table0211.get(code.trim().toUpperCase());
}

/** The codec for an MSH-18 value; an unknown one is an AR. */
export function codecFor(code: string): Hl7Codec {
  const codec = findCodec(code);
  if (codec === undefined) {
    throw new Hl7ParseError('character set not in HL7 table 0211 or not supported', 'MSH-18', '103');
  }
  return codec;
}

/** Decodes with a codec, turning a decoding failure into an AR that names MSH-18 and the byte count. */
export function decodeWith(codec: Hl7Codec, bytes: Uint8Array): string {
  try {
    return codec.decode(bytes);
  } catch {
    throw new Hl7ParseError(`the message is not valid ${codec.code} (${bytes.length} bytes)`, 'MSH-18', '102');
  }
}
