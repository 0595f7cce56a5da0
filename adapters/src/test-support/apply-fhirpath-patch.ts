import type { Parameters, ParametersParameter, Resource } from '@medplum/fhirtypes';
import { SinkHttpError } from './sink-http-error.js';

/**
 * Applies the FHIRPath Patch the mappers emit (fhirpatch.html): `replace` operations whose path is one
 * top-level element of the resource (`DocumentReference.status`), with any `value[x]`. Everything else
 * (other operation types, nested paths, a path that names no existing element: fhirpatch.html "replace"
 * needs one) is a 400, so a mapper emitting a patch this test double does not understand fails its test
 * instead of passing silently.
 */
export function applyFhirPathPatch<T extends Resource>(resource: T, patch: Resource): T {
  if (patch.resourceType !== 'Parameters') throw new SinkHttpError(400);
  const result: Record<string, unknown> = { ...resource };
  for (const operation of (patch as Parameters).parameter ?? []) {
    const { element, value } = replaceOperation(operation, resource.resourceType);
    if (result[element] === undefined) throw new SinkHttpError(400);
    result[element] = value;
  }
  return result as T;
}

function replaceOperation(operation: ParametersParameter, type: string): { element: string; value: unknown } {
  const part = (name: string): ParametersParameter | undefined => operation.part?.find((p) => p.name === name);
  const element = /^(\w+)\.(\w+)$/.exec(part('path')?.valueString ?? '');
  const valueKey = Object.keys(part('value') ?? {}).find((key) => key.startsWith('value'));
  if (operation.name !== 'operation' || part('type')?.valueCode !== 'replace' || element?.[1] !== type)
    throw new SinkHttpError(400);
  if (element[2] === undefined || valueKey === undefined) throw new SinkHttpError(400);
  return { element: element[2], value: (part('value') as unknown as Record<string, unknown>)[valueKey] };
}
