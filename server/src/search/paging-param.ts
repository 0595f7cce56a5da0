import { OperationOutcomeError } from '../errors/outcome-error.js';

/**
 * `_offset` and the like: a non-negative integer (leading zeros allowed), else a 400 at `name`.
 * Up to 9 digits, so every value is an exact safe integer.
 */
export function nonNegativeParam(name: string, value: string): number {
  const digits = value.replace(/^0+(?=\d)/, '');
  if (!/^\d{1,9}$/.test(digits)) {
    throw OperationOutcomeError.of('invalid', `${name} must be a non-negative integer, not "${value}"`, name);
  }
  return Number(digits);
}

/**
 * `_count` of a search or history (search.html#count): any non-negative integer, clamped to
 * `max` (past 9 digits it is above the maximum anyway); anything else is a 400.
 */
export function clampedCount(value: string, max: number): { count: number; reduced: boolean } {
  const count = /^\d{10,}$/.test(value.replace(/^0+(?=\d)/, ''))
    ? Number.MAX_SAFE_INTEGER
    : nonNegativeParam('_count', value);
  return { count: Math.min(count, max), reduced: count > max };
}
