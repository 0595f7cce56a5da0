import type { TypedValue } from '@nexushealth/conformance';

/**
 * Number values (integer, decimal, positiveInt…) kept as a scalar array, so a range search can
 * use `$elemMatch` with operators — correlated even for repeating elements.
 */
export function numberIndexValues(values: TypedValue[]): number[] {
  return values.flatMap(({ value }) => (typeof value === 'number' && Number.isFinite(value) ? [value] : []));
}
