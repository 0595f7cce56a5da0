/**
 * A composite's first component as a key of `idx[code]` (see README.md, "composite"): the token
 * form percent-encoded, '.' and '_' too, so a key never holds '.' or starts with '$' (which
 * MongoDB and FerretDB read as a path step or an operator) and is never `__proto__` (which mingo
 * refuses in a path), whatever system or code a resource or a client writes.
 */
export function compositeKey(tokenForm: string): string {
  return encodeURIComponent(tokenForm).replace(/\./g, '%2E').replace(/_/g, '%5F');
}

/** `c1`, `c2`, …: the field of the second, third, … component in one composite entry. */
export function componentField(position: number): string {
  return `c${position}`;
}
