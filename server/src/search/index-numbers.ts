import type { TypedValue } from '@nexushealth/conformance';

/** Number values (integer, decimal, positiveInt…) kept as a scalar array. */
export function numberIndexValues(values: TypedValue[]): number[] {
  return values.flatMap(({ value }) => (typeof value === 'number' && Number.isFinite(value) ? [value] : []));
}
