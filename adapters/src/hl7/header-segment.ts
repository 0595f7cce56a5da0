import type { Hl7Delimiters } from './delimiters.js';
import { Hl7Segment } from './segment.js';

/**
 * An MSH, BHS or FHS line as a segment: field 1 is the separator and field 2 the encoding characters
 * (v2.5.1 §2.15.9.1-2, §2.15.2, §2.15.6), so the rest keeps the standard's numbering.
 */
export function headerSegment(line: string, d: Hl7Delimiters): Hl7Segment {
  const name = line.slice(0, 3);
  const encoding = line.slice(4).split(d.field, 1)[0] ?? '';
  const rest = line.length > 4 + encoding.length ? line.slice(5 + encoding.length).split(d.field) : [];
  return new Hl7Segment(name, [name, d.field, encoding, ...rest], d);
}
