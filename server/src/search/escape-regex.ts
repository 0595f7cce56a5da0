/**
 * Escapes user input for a `$regex` so it matches literally: no metacharacter survives, so a
 * search value can neither change the pattern nor build a catastrophic-backtracking one.
 */
export function escapeRegex(value: string): string {
  return value.replace(/[.*+?^${}()|[\]\\/-]/g, '\\$&');
}
