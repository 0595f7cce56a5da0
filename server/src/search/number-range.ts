/** A number search value and the range its precision implies, [lo, hi). */
export interface NumberRange {
  value: number;
  lo: number;
  hi: number;
}

const NUMBER = /^[+-]?(\d+)(?:\.(\d+))?(?:[eE]([+-]?\d+))?$/;

/**
 * "100" means [99.5, 100.5), "100.00" [99.995, 100.005), "1e2" [50, 150): the precision of the
 * search value sets the range (http://hl7.org/fhir/R4/search.html#number). Undefined if not a number,
 * or not a finite one: an overflowing exponent (`1e999`) would be Infinity and match every value.
 */
export function numberRange(text: string): NumberRange | undefined {
  const m = NUMBER.exec(text);
  if (!m) return undefined;
  const [, int = '', frac, exp] = m;
  const value = Number(text);
  // Half a unit of the last significant digit; with an exponent only the mantissa digits count.
  const half =
    exp === undefined
      ? 0.5 * 10 ** -(frac?.length ?? 0)
      : 0.5 * 10 ** (Number(exp) - (int.replace(/^0+(?=\d)/, '').length + (frac?.length ?? 0) - 1));
  if (!Number.isFinite(value) || !Number.isFinite(half)) return undefined;
  // Past ~16 significant digits half a unit is below a double's resolution and value + half
  // rounds back to value, an empty [lo, hi): keep at least one representable step above it.
  const range = { value, lo: value - half, hi: value + Math.max(half, Math.abs(value) * Number.EPSILON) };
  return Number.isFinite(range.lo) && Number.isFinite(range.hi) ? range : undefined;
}
