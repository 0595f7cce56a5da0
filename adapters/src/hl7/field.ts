import type { Hl7Delimiters } from './delimiters.js';
import { HL7_NULL, Hl7Repetition } from './repetition.js';

/**
 * One field of a segment, kept raw; repetitions, components and subcomponents are split on demand with the
 * message's own delimiters. `component()`/`value` read the first repetition, which is what a
 * non-repeating field has.
 */
/** The repetitions of every empty field: none (frozen, so sharing it is safe). */
const none: readonly Hl7Repetition[] = Object.freeze([]);

export class Hl7Field {
  constructor(
    readonly raw: string,
    private readonly delimiters: Hl7Delimiters,
    private readonly literal = false,
  ) {}

  private split: readonly Hl7Repetition[] | undefined;

  /** Every occurrence; an empty field has none, `""` has one (the explicit null). Read-only: shared, not copied. */
  get repetitions(): readonly Hl7Repetition[] {
    return this.occurrences();
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

  /** Split once, on first use: mappers read several components of one field. */
  private occurrences(): readonly Hl7Repetition[] {
    if (this.raw === '') return none;
    this.split ??= (this.literal ? [this.raw] : this.raw.split(this.delimiters.repetition)).map(
      (part) => new Hl7Repetition(part, this.delimiters, this.literal),
    );
    return this.split;
  }

  /** What an empty field reads as, made once per field: mappers ask empty fields many times. */
  private blank: Hl7Repetition | undefined;

  private first(): Hl7Repetition {
    return this.occurrences()[0] ?? (this.blank ??= new Hl7Repetition('', this.delimiters, this.literal));
  }
}
