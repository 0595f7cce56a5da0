/**
 * How deep a resource may nest, counting every JSON object and array (the resource itself is
 * level 1). The server refuses deeper bodies with this same limit (server/src/http/body.ts): no
 * real resource comes near it (nested Questionnaire items, extensions of extensions, Bundles in
 * Bundles stay far below), and every recursive walk that follows (ajv's generated validators,
 * the StructureDefinition walker, FHIRPath invariants) stays far from the call-stack limit.
 */
export const MAX_JSON_DEPTH = 256;

/** Whether a JSON value nests deeper than `max` levels; iterative, so any depth is measured safely. */
export function nestsDeeperThan(value: unknown, max: number): boolean {
  const pending: Array<{ node: unknown; depth: number }> = [{ node: value, depth: 1 }];
  for (let item = pending.pop(); item; item = pending.pop()) {
    if (typeof item.node !== 'object' || item.node === null) continue;
    if (item.depth > max) return true;
    for (const child of Object.values(item.node)) pending.push({ node: child, depth: item.depth + 1 });
  }
  return false;
}
