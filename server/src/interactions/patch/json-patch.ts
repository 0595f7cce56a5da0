import type { Resource } from '@medplum/fhirtypes';
import fastJsonPatch, { JsonPatchError, type Operation } from 'fast-json-patch';
import { OperationOutcomeError } from '../../errors/outcome-error.js';

/** Errors of a patch that is well formed but does not apply to this resource. */
const INAPPLICABLE = new Set([
  'TEST_OPERATION_FAILED',
  'OPERATION_PATH_UNRESOLVABLE',
  'OPERATION_FROM_UNRESOLVABLE',
  'OPERATION_PATH_CANNOT_ADD',
  'OPERATION_VALUE_OUT_OF_BOUNDS',
  'OPERATION_PATH_ILLEGAL_ARRAY_INDEX',
]);

/**
 * JSON Patch (RFC 6902, http.html#patch) with fast-json-patch, on a copy of the resource. A
 * malformed patch document is a 400; one that does not apply — a `test` that fails, a path
 * that names nothing — is a 422: the request was understood, and refused for this resource.
 * `expression` names the failing operation, `<prefix>[i]`.
 */
export function applyJsonPatch(resource: Resource, patch: unknown, prefix: string): Resource {
  if (!Array.isArray(patch)) {
    throw OperationOutcomeError.of('structure', 'A JSON Patch document is an array of operations', prefix);
  }
  patch.forEach((operation, index) => assertSafePointers(operation, `${prefix}[${index}]`));
  try {
    return fastJsonPatch.applyPatch(structuredClone(resource), patch as Operation[], true, true, true).newDocument;
  } catch (error) {
    // The library fails with a plain TypeError where a path runs through what it just moved.
    if (!(error instanceof JsonPatchError)) {
      throw OperationOutcomeError.of('processing', 'The patch does not apply to this resource', prefix, 422);
    }
    const at = `${prefix}[${error.index ?? 0}]`;
    if (INAPPLICABLE.has(error.name)) {
      throw OperationOutcomeError.of('processing', `The patch does not apply: ${describe(error.name)}`, at, 422);
    }
    throw OperationOutcomeError.of('invalid', `Malformed JSON Patch operation: ${describe(error.name)}`, at);
  }
}

/** Path segments that would reach Object.prototype: refused, whatever the resource holds. */
const FORBIDDEN_SEGMENTS = new Set(['__proto__', 'constructor', 'prototype']);

/**
 * Checks what the library does not: no pointer through `__proto__`/`constructor`/`prototype`,
 * and a `move` never into its own child (RFC 6902 §4.4: from MUST NOT be a proper prefix of path).
 */
function assertSafePointers(operation: unknown, at: string): void {
  if (typeof operation !== 'object' || operation === null) return; // left to the library's validation
  const { op, path, from } = operation as { op?: unknown; path?: unknown; from?: unknown };
  for (const pointer of [path, from]) {
    if (typeof pointer !== 'string') continue;
    const segments = pointer.split('/').map((s) => s.replace(/~1/g, '/').replace(/~0/g, '~'));
    if (segments.some((segment) => FORBIDDEN_SEGMENTS.has(segment))) {
      throw OperationOutcomeError.of('invalid', 'Malformed JSON Patch operation: forbidden path segment', at);
    }
  }
  if (op === 'move' && typeof path === 'string' && typeof from === 'string' && path.startsWith(`${from}/`)) {
    throw OperationOutcomeError.of('invalid', 'Malformed JSON Patch operation: move into its own child', at);
  }
}

/** `TEST_OPERATION_FAILED` → `test operation failed` (the library's messages embed values, i.e. PHI). */
function describe(name: string): string {
  return name.toLowerCase().replace(/_/g, ' ');
}
