import type { Hl7Delimiters } from './delimiters.js';
import { HL7_NULL, Hl7Repetition } from './repetition.js';

/**
 * One field of a segment, kept raw; repetitions, components and subcomponents are split on demand with the
 * message's own delimiters. `component()`/`value` read the first repetition, which is what a
 * non-repeating field has.
 */
export class Hl7Field {
  constructor(
    readonly raw: string,
    private readonly delimiters: Hl7Delimiters,
    private readonly literal = false,
  ) {}

  /** Every occurrence; an empty field has none, `""` has one (the explicit null). */
  get repetitions(): Hl7Repetition[] {
    if (this.raw === '') return [];
    const parts = this.literal ? [this.raw] : this.raw.split(this.delimiters.repetition);
    return parts.map((part) => new Hl7Repetition(part, this.delimiters, this.literal));
  }

  /** `""`: the sender asks for the value to be removed (v2.5.1 §2.5.3). */
  get isNull(): boolean {
    return this.raw === HL7_NULL;
  }

  get isEmpty(): boolean {
    return this.raw === '';
  }

  component(i: number, sub = 1): string | undefined {
    return this.first().component(i, sub);
  }

  get value(): string | undefined {
    return this.first().value;
  }

  private first(): Hl7Repetition {
    return this.repetitions[0] ?? new Hl7Repetition('', this.delimiters, this.literal);
  }
}
