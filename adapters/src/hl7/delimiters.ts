import { Hl7ParseError } from './parse-error.js';

/**
 * The delimiters a message declares for itself in MSH-1 and MSH-2 (HL7 v2.5.1 §2.5.4, §2.15.9.1-2).
 * `truncation` is the fifth encoding character introduced in v2.7 (§2.5.5.2); older messages have none.
 */
export interface Hl7Delimiters {
  readonly field: string;
  readonly component: string;
  readonly repetition: string;
  readonly escape: string;
  readonly subcomponent: string;
  readonly truncation?: string;
}

/** The delimiters HL7 recommends (§2.5.4); used only when we write a message of our own from nothing. */
export const defaultDelimiters: Hl7Delimiters = {
  field: '|',
  component: '^',
  repetition: '~',
  escape: '\\',
  subcomponent: '&',
};

const lineBreak = /[\r\n]/;
const alphanumeric = /[A-Za-z0-9]/;

/**
 * Reads MSH-1 and MSH-2 from the start of a header segment (`MSH`, or `FHS`/`BHS`, which share the layout).
 * The standard only recommends `|^~\&`, so other characters are accepted: the corpus has `$%~\&`, `!$r?@`
 * (a letter as repetition separator) and `^~ &` (a space as escape character). What we refuse is
 * ambiguity: an alphanumeric field separator (`MSHA…` could not be told from a segment id), a line break,
 * a repeated character, a delimiter equal to the field separator, fewer than 4 or more than 5.
 * That refusal is why `^~\\&` (a Java string literal copied with its backslash doubled) is an AR, not a guess.
 */
export function readDelimiters(segment: string): Hl7Delimiters {
  const field = segment.charAt(3);
  if (field === '' || alphanumeric.test(field) || lineBreak.test(field)) {
    throw new Hl7ParseError('missing or unusable field separator', 'MSH-1', '102');
  }
  const end = segment.indexOf(field, 4);
  const encoding = end < 0 ? segment.slice(4) : segment.slice(4, end);
  if (encoding.length < 4 || encoding.length > 5) {
    throw new Hl7ParseError(`expected 4 or 5 encoding characters, found ${encoding.length}`, 'MSH-2', '102');
  }
  const all = [field, ...encoding];
  if (all.some((c) => lineBreak.test(c)) || new Set(all).size !== all.length) {
    throw new Hl7ParseError(
      'encoding characters must be distinct from each other and the field separator',
      'MSH-2',
      '102',
    );
  }
  const [component, repetition, escape, subcomponent, truncation] = [...encoding] as [
    string,
    string,
    string,
    string,
    string?,
  ];
  return truncation === undefined
    ? { field, component, repetition, escape, subcomponent }
    : { field, component, repetition, escape, subcomponent, truncation };
}

/** MSH-2 as it is written for a set of delimiters. */
export function encodingCharacters(d: Hl7Delimiters): string {
  return d.component + d.repetition + d.escape + d.subcomponent + (d.truncation ?? '');
}
