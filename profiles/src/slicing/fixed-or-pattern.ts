import type { ElementDefinition } from '@medplum/fhirtypes';

/** What an element definition fixes: exactly (`fixed[x]`) or at least (`pattern[x]`). */
export interface FixedOrPattern {
  readonly mode: 'fixed' | 'pattern';
  readonly value: unknown;
}

/**
 * The `fixed[x]` or `pattern[x]` of an element definition, whichever it has
 * (http://hl7.org/fhir/R4/elementdefinition-definitions.html#ElementDefinition.fixed_x_). A key
 * holding `undefined` (a definition built in code) is absent, as it would be in JSON.
 */
export function fixedOrPattern(definition: ElementDefinition): FixedOrPattern | undefined {
  for (const [key, value] of Object.entries(definition)) {
    if (value === undefined) continue;
    if (key.startsWith('fixed')) return { mode: 'fixed', value };
    if (key.startsWith('pattern')) return { mode: 'pattern', value };
  }
  return undefined;
}
