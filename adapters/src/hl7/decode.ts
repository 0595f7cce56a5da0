import { codecFor, decodeWith, findCodec, physicalCodecs, type Hl7Codec } from './charsets.js';
import { readDelimiters } from './delimiters.js';
import { Hl7ParseError } from './parse-error.js';

/** Text decoded from the bytes received, and the table 0211 code it was read in (an ACK goes back in it). */
export interface DecodedHl7 {
  readonly text: string;
  readonly charset: string;
}

/**
 * Decodes a received message, batch or file (v2.5.1 §2.15.9.18 MSH-18 character set, §2.15.9.20 MSH-20):
 * - A byte-order mark (UTF-8, UTF-16, UTF-32) says how the bytes are written: it is honoured and dropped.
 *   UTF-16/32 without one are recognised by the NULs around the ASCII segment id.
 * - Otherwise MSH-18 decides. Its first repetition is the default set; a JIS set among the repetitions
 *   (ISO IR14/IR87/IR159, switched in by ISO 2022 escapes) means the whole text is ISO-2022-JP.
 * - An empty MSH-18 is ASCII by the standard; senders put UTF-8 or Latin-1 there regardless, so we read
 *   UTF-8 when the bytes are valid UTF-8 and ISO 8859-1 otherwise (every byte is defined there).
 * - An unknown code, bytes the declared set does not define, or messages of one batch declaring different
 *   sets are an `Hl7ParseError` (→ AR): guessing would change names and values silently.
 * MSH-18 is first read from the raw bytes (its own characters are ASCII), then checked again on the text:
 * in Big5 or ISO-2022-JP a byte of a multi-byte character can equal `|`, and the check catches a misread.
 */
export function decodeHl7(bytes: Uint8Array): DecodedHl7 {
  const physical = byteOrder(bytes);
  if (physical !== undefined) {
    const text = decodeWith(physical.codec, bytes.subarray(physical.skip));
    declaredCodec(text);
    return { text, charset: physical.codec.code };
  }
  const raw = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('latin1');
  const guess = declaredCodec(raw, true);
  try {
    return decodeConfirmed(guess, bytes);
  } catch (error) {
    // The guess may be a later field (MSH-19 `ASCII` after an empty MSH-18): MSH-18 where it stands decides then.
    const exact = exactCodec(raw, error);
    if (exact === guess) throw error;
    return decodeConfirmed(exact, bytes);
  }
}

/** MSH-18 read at its place in the raw bytes; an unreadable one leaves `error` (the guess's) standing. */
function exactCodec(raw: string, error: unknown): Hl7Codec | undefined {
  try {
    return declaredCodec(raw);
  } catch {
    throw error;
  }
}

/** Decodes in `guess`, then confirms MSH-18 on the text (re-decoding once when the text names another set). */
function decodeConfirmed(guess: Hl7Codec | undefined, bytes: Uint8Array): DecodedHl7 {
  const first = decodeAs(guess, bytes);
  const declared = declaredCodec(first.text);
  if (declared === guess) return first;
  const second = decodeAs(declared, bytes);
  if (declaredCodec(second.text) !== declared) {
    throw new Hl7ParseError('MSH-18 reads differently in the character set it names', 'MSH-18', '102');
  }
  return second;
}

function decodeAs(codec: Hl7Codec | undefined, bytes: Uint8Array): DecodedHl7 {
  if (codec !== undefined) return { text: decodeWith(codec, bytes), charset: codec.code };
  try {
    return { text: physicalCodecs.utf8.decode(bytes), charset: physicalCodecs.utf8.code };
  } catch {
    const latin1 = codecFor('8859/1');
    return { text: latin1.decode(bytes), charset: latin1.code };
  }
}

interface Physical {
  readonly codec: Hl7Codec;
  readonly skip: number;
}

/** A BOM, or NULs beside the first ASCII letter (`M\0S\0H\0` is UTF-16LE), fixes the encoding. */
function byteOrder(b: Uint8Array): Physical | undefined {
  const [b0, b1, b2, b3] = [b[0], b[1], b[2], b[3]];
  if (b0 === 0xef && b1 === 0xbb && b2 === 0xbf) return { codec: physicalCodecs.utf8, skip: 3 };
  if (b0 === 0xff && b1 === 0xfe && b2 === 0 && b3 === 0) return { codec: physicalCodecs.utf32le, skip: 4 };
  if (b0 === 0 && b1 === 0 && b2 === 0xfe && b3 === 0xff) return { codec: physicalCodecs.utf32be, skip: 4 };
  if (b0 === 0xff && b1 === 0xfe) return { codec: physicalCodecs.utf16le, skip: 2 };
  if (b0 === 0xfe && b1 === 0xff) return { codec: physicalCodecs.utf16be, skip: 2 };
  if (b0 === undefined || b1 === undefined || b2 === undefined || b3 === undefined) return undefined;
  if (b0 !== 0 && b1 === 0 && b2 === 0 && b3 === 0) return { codec: physicalCodecs.utf32le, skip: 0 };
  if (b0 === 0 && b1 === 0 && b2 === 0 && b3 !== 0) return { codec: physicalCodecs.utf32be, skip: 0 };
  if (b0 !== 0 && b1 === 0) return { codec: physicalCodecs.utf16le, skip: 0 };
  if (b0 === 0 && b1 !== 0) return { codec: physicalCodecs.utf16be, skip: 0 };
  return undefined;
}

/**
 * The one codec every MSH of the text declares (`undefined`: all empty), validating each code.
 * Text without a usable MSH declares nothing: the parser will say what is wrong with it.
 */
function declaredCodec(text: string, shifted = false): Hl7Codec | undefined {
  let found: Hl7Codec | undefined;
  for (const start of headerStarts(text)) {
    const codec = mshCodec(text.slice(start, lineEnd(text, start)), shifted);
    if (codec !== undefined && found !== undefined && codec.code !== found.code) {
      throw new Hl7ParseError('messages of one batch declare different character sets', 'MSH-18', '102');
    }
    found ??= codec;
  }
  return found;
}

/** Where each line starting with `MSH` starts (indexOf, not a regex: this runs on every message received). */
function* headerStarts(text: string): Generator<number> {
  for (let at = text.indexOf('MSH'); at >= 0; at = text.indexOf('MSH', at + 3)) {
    if (at === 0 || text.charAt(at - 1) === '\r' || text.charAt(at - 1) === '\n') yield at;
  }
}

/** Where the line starting at `from` ends; a global regex resumes at `from`, so a batch stays linear. */
function lineEnd(text: string, from: number): number {
  const terminator = /[\r\n]/g;
  terminator.lastIndex = from;
  return terminator.exec(text)?.index ?? text.length;
}

const iso2022 = new Set(['ISO IR14', 'ISO IR87', 'ISO IR159']);

/**
 * MSH-18 of one MSH line. Read from raw bytes (`shifted`), a multi-byte character earlier in the line may
 * have added separators (never removed one), so the first field from MSH-18 on that holds a table 0211
 * code is taken; the decoded text is then read at MSH-18 exactly, which confirms or refutes that guess.
 */
function mshCodec(line: string, shifted: boolean): Hl7Codec | undefined {
  let fields: string[];
  let repetition: string;
  try {
    const d = readDelimiters(line);
    fields = line.split(d.field);
    repetition = d.repetition;
  } catch {
    return undefined;
  }
  // MSH-1 is the separator itself, so MSH-18 is the 17th piece after the segment id.
  if (!shifted) return fieldCodec(fields[17] ?? '', repetition);
  // Only a field made of table 0211 codes is taken: anything else is a field shifted in from later on.
  const known = (field: string): boolean =>
    field.split(repetition).every((c) => c.trim() === '' || findCodec(c) !== undefined);
  const candidate = fields.slice(17).find((f) => f.trim() !== '' && known(f));
  return candidate === undefined ? undefined : fieldCodec(candidate, repetition);
}

function fieldCodec(field: string, repetition: string): Hl7Codec | undefined {
  const codes = field.split(repetition).map((c) => c.trim().toUpperCase());
  const codecs = codes.filter((c) => c !== '').map(codecFor);
  return codecs.find((c) => iso2022.has(c.code)) ?? (codes[0] === '' ? undefined : codecs[0]);
}
