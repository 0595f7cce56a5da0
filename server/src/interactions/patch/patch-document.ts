import type { Binary, Parameters, Resource } from '@medplum/fhirtypes';
import { OperationOutcomeError } from '../../errors/outcome-error.js';
import { applyFhirPathPatch } from './fhirpath-patch.js';
import { applyJsonPatch } from './json-patch.js';

export const JSON_PATCH = 'application/json-patch+json';

/**
 * The patch formats of http.html#patch, told apart by the body: a JSON Patch document (an
 * array, sent as application/json-patch+json), the same inside a Bundle as a Binary of that
 * contentType, or a FHIRPath Patch Parameters resource. Anything else is a 400.
 */
export function applyPatchDocument(resource: Resource, body: unknown, prefix: string): Resource {
  if (Array.isArray(body)) return applyJsonPatch(resource, body, prefix);
  const document = body as Resource | undefined;
  if (document?.resourceType === 'Parameters') return applyFhirPathPatch(resource, document as Parameters, prefix);
  if (document?.resourceType === 'Binary')
    return applyJsonPatch(resource, binaryJsonPatch(document, prefix), `${prefix}.data`);
  throw OperationOutcomeError.of(
    'invalid',
    `A patch is a JSON Patch (${JSON_PATCH}) or a FHIRPath Patch (Parameters)`,
    prefix,
    400,
  );
}

function binaryJsonPatch(binary: Binary, prefix: string): unknown {
  if (binary.contentType !== JSON_PATCH || typeof binary.data !== 'string') {
    throw OperationOutcomeError.of('invalid', `A Binary patch needs contentType ${JSON_PATCH} and data`, prefix);
  }
  try {
    return JSON.parse(Buffer.from(binary.data, 'base64').toString('utf8')) as unknown;
  } catch {
    throw OperationOutcomeError.of('structure', 'Binary.data is not a base64 JSON Patch document', `${prefix}.data`);
  }
}
