import { defaultDelimiters, encodingCharacters, type Hl7Delimiters } from './delimiters.js';
import { encodeHl7 } from './encode.js';
import { Hl7Message } from './message.js';
import { HL7_NULL, escapeHl7 } from './escape.js';
import { Hl7Segment } from './segment.js';

/** A component: its text, or its subcomponents' texts (`['1.2.3', 'ISO']` → `1.2.3&ISO`). */
export type Hl7ComponentValue = string | readonly string[];

/**
 * One occurrence of a field: plain text (a one-component field), its components, or `null` for HL7's
 * explicit null `""` (v2.5.1 §2.5.3: "delete the value"). An empty string or array is an empty field.
 */
export type Hl7RepetitionValue = string | null | readonly Hl7ComponentValue[];

const headers = new Set(['MSH', 'BHS', 'FHS']);

/**
 * One segment being written. Text is escaped for the builder's delimiters (§2.7), so a value holding
 * `|^~\&`, the truncation character, CR or LF reads back as it was given; `setRaw` copies a field that is
 * already encoded in these delimiters (a field of a parsed message with the same MSH-2).
 */
export class Hl7SegmentBuilder {
  private readonly fields: string[];

  constructor(
    readonly name: string,
    private readonly d: Hl7Delimiters,
  ) {
    if (!/^[A-Z][A-Z0-9]{2}$/.test(name)) throw new RangeError('a segment id is three upper-case letters or digits');
    this.fields = headers.has(name) ? [name, d.field, encodingCharacters(d)] : [name];
  }

  /** Field `n` (1-based, standard numbering: MSH-3 is 3), one value per repetition. */
  set(n: number, ...repetitions: readonly Hl7RepetitionValue[]): this {
    return this.setRaw(n, repetitions.map((r) => this.repetition(r)).join(this.d.repetition));
  }

  /** Field `n` as already-encoded text. */
  setRaw(n: number, raw: string): this {
    const first = headers.has(this.name) ? 3 : 1;
    if (!Number.isInteger(n) || n < first) throw new RangeError(`${this.name}-${n} cannot be set`);
    while (this.fields.length <= n) this.fields.push('');
    this.fields[n] = raw;
    return this;
  }

  /** The segment up to the last field set (fields set to empty included: MSA-2 is required even so). */
  toSegment(): Hl7Segment {
    return new Hl7Segment(this.name, [...this.fields], this.d);
  }

  private repetition(value: Hl7RepetitionValue): string {
    if (value === null) return HL7_NULL;
    if (typeof value === 'string') return this.text(value);
    return value
      .map((c) => (typeof c === 'string' ? this.text(c) : c.map((s) => this.text(s)).join(this.d.subcomponent)))
      .join(this.d.component);
  }

  private text(value: string): string {
    return escapeHl7(value, this.d);
  }
}

/**
 * Writes an ER7 message (or an ACK, or a batch envelope) segment by segment, in any delimiter set:
 * `new Hl7MessageBuilder(d).segment('MSH').set(3, 'APP').set(9, ['ADT', 'A01'])`. MSH/BHS/FHS get fields
 * 1 and 2 from the delimiters. `build()` ends every segment with CR (§2.5.1).
 */
export class Hl7MessageBuilder {
  private readonly segments: Hl7SegmentBuilder[] = [];

  constructor(readonly delimiters: Hl7Delimiters = defaultDelimiters) {}

  /** Appends a segment and returns it to be filled. */
  segment(name: string): Hl7SegmentBuilder {
    const segment = new Hl7SegmentBuilder(name, this.delimiters);
    this.segments.push(segment);
    return segment;
  }

  toMessage(): Hl7Message {
    return new Hl7Message(
      this.segments.map((s) => s.toSegment()),
      this.delimiters,
    );
  }

  build(): string {
    return encodeHl7(this.toMessage());
  }
}
