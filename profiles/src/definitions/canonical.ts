/**
 * A canonical reference `url|version` split in two (http://hl7.org/fhir/R4/references.html#canonical).
 * A `#fragment` is not part of the resource's identity and is dropped.
 */
export function splitCanonical(canonical: string): { url: string; version: string | undefined } {
  const withoutFragment = canonical.split('#', 1)[0] ?? canonical;
  const bar = withoutFragment.indexOf('|');
  if (bar < 0) return { url: withoutFragment, version: undefined };
  return { url: withoutFragment.slice(0, bar), version: withoutFragment.slice(bar + 1) || undefined };
}

/**
 * Orders business versions (`1.9.0` < `1.10.0`, `6.1.0-ballot` < `6.1.0` < `8.0.0`): dot-separated
 * parts, numbers compared as numbers, other parts as text, a `-label` (pre-release, as in semver)
 * before the plain version. R4 leaves the version format to the publisher
 * (http://hl7.org/fhir/R4/resource.html#versions); a resource without a version is the oldest.
 */
export function compareVersions(a: string | undefined, b: string | undefined): number {
  if (a === b) return 0;
  if (a === undefined) return -1;
  if (b === undefined) return 1;
  const [releaseA = '', ...labelA] = a.split('-');
  const [releaseB = '', ...labelB] = b.split('-');
  const order = compareParts(releaseA.split('.'), releaseB.split('.'));
  if (order !== 0) return order;
  if (labelA.length === 0 || labelB.length === 0) return labelB.length - labelA.length;
  return compareParts(labelA.join('-').split('.'), labelB.join('-').split('.'));
}

function compareParts(left: readonly string[], right: readonly string[]): number {
  for (let i = 0; i < Math.max(left.length, right.length); i++) {
    const order = comparePart(left[i], right[i]);
    if (order !== 0) return order;
  }
  return 0;
}

function comparePart(a: string | undefined, b: string | undefined): number {
  if (a === b) return 0;
  if (a === undefined) return -1;
  if (b === undefined) return 1;
  const numeric = /^\d+$/;
  if (numeric.test(a) && numeric.test(b)) return Number(a) - Number(b);
  return a < b ? -1 : a > b ? 1 : 0;
}
