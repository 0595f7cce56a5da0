import type { Hl7Delimiters } from './delimiters.js';

/** `""` is HL7's explicit null (v2.5.1 §2.5.3): "delete the value", which is not the same as absent. */
export const HL7_NULL = '""';

/**
 * HL7 v2 escape sequences (v2.5.1 §2.7). Only accessor values are decoded: the parsed model keeps the raw
 * text, so a message re-encodes byte for byte.
 *
 * Decisions (documented in README):
 * - `\F\ \S\ \T\ \R\ \E\` and v2.7 `\P\` (truncation character) become the delimiter they name.
 * - `\Xhh…\` becomes the bytes it spells, read as UTF-8 when they are valid UTF-8, else as ISO 8859-1
 *   (what an 8859/1 sender means by `\XE9\`); the same rule as an empty MSH-18 (see `decodeHl7`).
 * - `\.br\` is a line break; `\.sp n\` ends the line and skips n lines; `\.sk n\` skips n spaces (§2.7.6).
 * - `\H\ \N\` (highlighting) and the other layout commands (`\.fi\ \.nf\ \.in\ \.ti\ \.ce\`) are dropped:
 *   a plain-text value has no way to carry them.
 * - `\Z…\` (locally defined), `\C…\` and `\M…\` (character-set switches) are left as written.
 * - An unknown sequence is left as written and its closing escape character may open the next one, so a
 *   message whose escape character also occurs as text (the corpus has `^~ &`) decodes to itself.
 */
export function unescapeHl7(raw: string, d: Hl7Delimiters): string {
  let out = '';
  let i = 0;
  for (;;) {
    const start = raw.indexOf(d.escape, i);
    const end = start < 0 ? -1 : raw.indexOf(d.escape, start + 1);
    if (end < 0) return out + raw.slice(i);
    out += raw.slice(i, start);
    const decoded = decodeSequence(raw.slice(start + 1, end), d);
    if (decoded === undefined) {
      out += raw.slice(start, end);
      i = end;
    } else {
      out += decoded;
      i = end + 1;
    }
  }
}

/**
 * Encodes text for a field, so that no delimiter or segment terminator in it is read as structure. The text
 * `""` itself is written `\X22\"`: as written it would be the explicit null (§2.5.3), not two quotes.
 */
export function escapeHl7(text: string, d: Hl7Delimiters): string {
  if (text === HL7_NULL) return `${d.escape}X22${d.escape}"`;
  const names = new Map<string, string>([
    [d.escape, 'E'],
    [d.field, 'F'],
    [d.component, 'S'],
    [d.subcomponent, 'T'],
    [d.repetition, 'R'],
    ['\r', 'X0D'],
    ['\n', 'X0A'],
  ]);
  if (d.truncation !== undefined) names.set(d.truncation, 'P');
  let out = '';
  for (const c of text) {
    const name = names.get(c);
    out += name === undefined ? c : d.escape + name + d.escape;
  }
  return out;
}

const utf8 = new TextDecoder('utf-8', { fatal: true });

function hexText(hex: string): string {
  const bytes = Uint8Array.from(hex.match(/../g) ?? [], (h) => parseInt(h, 16));
  try {
    return utf8.decode(bytes);
  } catch {
    return Buffer.from(bytes).toString('latin1');
  }
}

/** The text a sequence stands for; `undefined` when the sequence is unknown (or kept as written). */
function decodeSequence(seq: string, d: Hl7Delimiters): string | undefined {
  switch (seq) {
    case 'F':
      return d.field;
    case 'S':
      return d.component;
    case 'T':
      return d.subcomponent;
    case 'R':
      return d.repetition;
    case 'E':
      return d.escape;
    case 'P':
      return d.truncation;
    case 'H':
    case 'N':
      return '';
  }
  if (/^X(?:[0-9A-Fa-f]{2})+$/.test(seq)) {
    return hexText(seq.slice(1));
  }
  return seq.startsWith('.') ? decodeFormatting(seq.slice(1)) : undefined;
}

const MAX_FORMATTING_REPEAT = 100;

/** Formatted-text commands (§2.7.6), reduced to what plain text can hold. */
function decodeFormatting(command: string): string | undefined {
  const match = /^(br|sp|sk|fi|nf|in|ti|ce)\s*([+-]?\d+)?$/.exec(command);
  if (match === null) return undefined;
  // Bounded: `\.sk 400000000\` in a 60-byte field must not become a 400 MB string.
  const count = Math.min(MAX_FORMATTING_REPEAT, Math.max(0, Number(match[2] ?? '1')));
  switch (match[1]) {
    case 'br':
      return '\n';
    case 'sp':
      return '\n'.repeat(1 + count);
    case 'sk':
      return ' '.repeat(count);
    default:
      return '';
  }
}
