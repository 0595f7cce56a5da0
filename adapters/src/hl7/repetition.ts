import type { Hl7Delimiters } from './delimiters.js';
import { HL7_NULL, unescapeHl7 } from './escape.js';

export { HL7_NULL };

/**
 * One occurrence of a field (between repetition separators). Accessors are 1-based like HL7's own
 * notation (`PID-5.1.1`) and return decoded text, or `undefined` when the part is empty or `""`.
 */
export class Hl7Repetition {
  constructor(
    readonly raw: string,
    private readonly delimiters: Hl7Delimiters,
    /** MSH-1 and MSH-2 are the delimiters themselves, so they are never split or unescaped. */
    private readonly literal = false,
  ) {}

  get isNull(): boolean {
    return this.raw === HL7_NULL;
  }

  get isEmpty(): boolean {
    return this.raw === '';
  }

  /** Split once, on first use: mappers read several components of the same repetition. */
  private components: readonly string[] | undefined;

  /** The raw text of component `i` (its subcomponents still joined). */
  rawComponent(i: number): string {
    if (this.literal) return i === 1 ? this.raw : '';
    this.components ??= this.raw.split(this.delimiters.component);
    return this.components[i - 1] ?? '';
  }

  /** Decoded text of subcomponent `sub` (default the first) of component `i`. */
  component(i: number, sub = 1): string | undefined {
    if (this.literal) return i === 1 && sub === 1 && this.raw !== '' ? this.raw : undefined;
    const component = this.rawComponent(i);
    const cut = component.indexOf(this.delimiters.subcomponent);
    const raw =
      cut < 0
        ? sub === 1
          ? component
          : ''
        : sub === 1
          ? component.slice(0, cut)
          : (component.split(this.delimiters.subcomponent)[sub - 1] ?? '');
    return raw === '' || raw === HL7_NULL ? undefined : unescapeHl7(raw, this.delimiters);
  }

  /** The decoded first component: what a simple (ST, ID, NM, DTM …) field holds. */
  get value(): string | undefined {
    return this.component(1);
  }
}
