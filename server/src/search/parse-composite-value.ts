import type { CompositeComponent } from '@nexushealth/conformance';
import { OperationOutcomeError } from '../errors/outcome-error.js';
import { compositeKey } from './composite-key.js';
import type { SearchValue } from './search-query.js';
import { splitUnescaped } from './search-value-escaping.js';

/** Parses one component value as a plain parameter of the component's type. */
export type ParseComponent = (component: CompositeComponent, part: string) => SearchValue;

/**
 * `code-value-quantity=http://loinc.org|8480-6$gt100` (http://hl7.org/fhir/R4/search.html#composite):
 * one value per component, separated by an unescaped `$`. The first (a token) becomes the key of
 * the index entries (index-composite.ts), the others are matched inside them.
 */
export function parseCompositeValue(
  components: readonly CompositeComponent[],
  part: string,
  name: string,
  parseComponent: ParseComponent,
): SearchValue {
  const pieces = splitUnescaped(part, '$');
  if (pieces.length !== components.length) {
    throw invalid(name, `"${part}" needs ${components.length} values separated by "$", one per component`);
  }
  const [first, ...rest] = pieces.map((piece, i) => {
    const component = components[i];
    if (!component || piece === '') throw invalid(name, `"${part}" has an empty component`);
    return parseComponent(component, piece);
  });
  if (first?.kind !== 'token') throw invalid(name, `the first component of ${name} must be a token`);
  return { kind: 'composite', key: compositeKey(tokenForm(first)), components: rest };
}

/** The stored token form a parsed token names: `system|code`, `code`, `|code` or `system|`. */
function tokenForm(token: { system?: string; code?: string }): string {
  if (token.code === undefined) return `${token.system ?? ''}|`;
  return token.system === undefined ? token.code : `${token.system}|${token.code}`;
}

function invalid(name: string, message: string): OperationOutcomeError {
  return OperationOutcomeError.of('invalid', `${name}: ${message}`, name);
}
