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
  try {
    return fastJsonPatch.applyPatch(structuredClone(resource), patch as Operation[], true, true, true).newDocument;
  } catch (error) {
    if (!(error instanceof JsonPatchError)) throw error;
    const at = `${prefix}[${error.index ?? 0}]`;
    if (INAPPLICABLE.has(error.name)) {
      throw OperationOutcomeError.of('processing', `The patch does not apply: ${describe(error.name)}`, at, 422);
    }
    throw OperationOutcomeError.of('invalid', `Malformed JSON Patch operation: ${describe(error.name)}`, at);
  }
}

/** `TEST_OPERATION_FAILED` → `test operation failed` (the library's messages embed values, i.e. PHI). */
function describe(name: string): string {
  return name.toLowerCase().replace(/_/g, ' ');
}
