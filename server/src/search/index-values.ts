import type { SearchParamType, TypedValue } from '@nexushealth/conformance';
import { dateIndexValues } from './index-dates.js';
import { numberIndexValues } from './index-numbers.js';
import { quantityIndexValues } from './index-quantities.js';
import { referenceIndexValues } from './index-references.js';
import { stringIndexValues } from './index-strings.js';
import { tokenIndexValues } from './index-tokens.js';
import { normalizeString } from './normalize-string.js';

/**
 * The values `idx[code]` holds for a parameter of this type (README.md, "idx shapes"), distinct;
 * also what one component of a composite holds. Composite and special give none here.
 */
export function indexValues(type: SearchParamType, typed: TypedValue[]): unknown[] {
  switch (type) {
    case 'string':
      return unique(
        stringIndexValues(typed)
          .map(normalizeString)
          .filter((s) => s !== ''),
      );
    case 'token':
      return unique(tokenIndexValues(typed).tokens);
    case 'reference':
      return unique(referenceIndexValues(typed));
    case 'uri':
      return unique(typed.flatMap(({ value }) => (typeof value === 'string' ? [value] : [])));
    case 'date':
      return dateIndexValues(typed);
    case 'number':
      return unique(numberIndexValues(typed));
    case 'quantity':
      return quantityIndexValues(typed);
    default:
      return [];
  }
}

export function unique<T>(values: T[]): T[] {
  return [...new Set(values)];
}
