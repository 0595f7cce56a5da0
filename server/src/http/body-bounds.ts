import { OperationOutcomeError } from '../errors/outcome-error.js';

/** Bounds on the shape of a parsed body (JSON_MAX_DEPTH, STRING_MAX_LENGTH). */
export interface BodyBounds {
  maxDepth: number;
  maxStringLength: number;
}

/**
 * base64Binary elements (Attachment.data, Binary.data; SampledData.data is a long string too):
 * documents and images are legitimately larger than any string, and bounded by the body size.
 */
const UNBOUNDED_STRING_KEYS = new Set(['data']);

interface Node {
  value: unknown;
  depth: number;
  key?: string | number;
  parent?: Node;
}

/**
 * Refuses a body nesting deeper than `maxDepth` (400 `structure`) or holding a string longer
 * than `maxStringLength` (413 `too-long`, with the element's path as `expression`). Iterative,
 * so any depth is measured without recursion; every object and array counts as one level.
 */
export function checkBodyBounds(body: unknown, bounds: BodyBounds): void {
  const pending: Node[] = [{ value: body, depth: 1 }];
  for (let node = pending.pop(); node; node = pending.pop()) {
    const { value } = node;
    if (typeof value === 'string') {
      if (value.length > bounds.maxStringLength && !UNBOUNDED_STRING_KEYS.has(String(node.key)))
        throw OperationOutcomeError.of(
          'too-long',
          `A string is longer than ${bounds.maxStringLength} characters`,
          pathOf(node, body),
          413,
        );
      continue;
    }
    if (typeof value !== 'object' || value === null) continue;
    if (node.depth > bounds.maxDepth)
      throw OperationOutcomeError.of('structure', `The body nests deeper than ${bounds.maxDepth} levels`);
    const entries: Array<[string | number, unknown]> = Array.isArray(value)
      ? value.map((item, index) => [index, item])
      : Object.entries(value);
    for (const [key, child] of entries) pending.push({ value: child, depth: node.depth + 1, key, parent: node });
  }
}

/** `Patient.name[0].given[1]`: the FHIRPath-like location OperationOutcome.issue.expression uses. */
function pathOf(node: Node, body: unknown): string {
  let path = '';
  for (let at: Node | undefined = node; at?.key !== undefined; at = at.parent) {
    path = typeof at.key === 'number' ? `[${at.key}]${path}` : `.${at.key}${path}`;
  }
  const type = (body as { resourceType?: unknown } | null)?.resourceType;
  return `${typeof type === 'string' ? type : '$body'}${path}`;
}
