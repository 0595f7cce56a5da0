import { unescapeHl7 } from '../hl7/escape.js';
import { HL7_NULL, type Hl7Repetition } from '../hl7/repetition.js';
import type { MappingContext } from './mapping-context.js';

/**
 * The text of an ST/TX/FT repetition (v2.5.1 §2A.3.75 ST, §2A.3.78 TX, §2A.3.31 FT), escapes decoded
 * (`\.br\` a line break, `\T\` an ampersand). Text types have no subcomponents, so a stray `&` in the
 * text is kept as written rather than cutting the text short. Undefined when empty or `""`.
 */
export function textOf(rep: Hl7Repetition | undefined, ctx: MappingContext): string | undefined {
  const raw = rep?.rawComponent(1) ?? '';
  if (raw === '' || raw === HL7_NULL) return undefined;
  return unescapeHl7(raw, ctx.message.delimiters);
}
