import type { Hl7Delimiters } from './delimiters.js';
import { Hl7Field } from './field.js';

/**
 * One segment. `fields[n]` is the raw text of field n in the standard's numbering; for MSH that means
 * `fields[1]` is the field separator itself and `fields[2]` the encoding characters (v2.5.1 §2.15.9.1-2),
 * so `field(9)` is MSH-9 as everyone writes it.
 */
export class Hl7Segment {
  constructor(
    readonly name: string,
    private readonly fields: readonly string[],
    /** The delimiters of the message (or batch header) the segment is written in. */
    readonly delimiters: Hl7Delimiters,
  ) {}

  /** Fields already asked for, so that their splits are done once. */
  private readonly cache: Hl7Field[] = [];

  /** Field n (1-based); a field past the end of the segment is an empty field. */
  field(n: number): Hl7Field {
    const cached = this.cache[n];
    if (cached !== undefined) return cached;
    const literal = this.isHeader() && (n === 1 || n === 2);
    const field = new Hl7Field(this.fields[n] ?? '', this.delimiters, literal);
    this.cache[n] = field;
    return field;
  }

  /** The number of the last field present (trailing empty fields included, as written). */
  get fieldCount(): number {
    return this.fields.length - 1;
  }

  /** The segment as written, without its terminator. */
  encode(): string {
    const sep = this.delimiters.field;
    return this.isHeader()
      ? [this.name + sep + (this.fields[2] ?? ''), ...this.fields.slice(3)].join(sep)
      : this.fields.join(sep);
  }

  /** MSH, FHS and BHS carry the delimiters in fields 1 and 2. */
  private isHeader(): boolean {
    return this.name === 'MSH' || this.name === 'FHS' || this.name === 'BHS';
  }
}
