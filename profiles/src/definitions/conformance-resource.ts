import type { CodeSystem, StructureDefinition, ValueSet } from '@medplum/fhirtypes';
import { isJsonObject } from '../schema/is-json-object.js';

/** The conformance resources the registry holds, each with the canonical url it is found by. */
export type ConformanceResource = (StructureDefinition | ValueSet | CodeSystem) & { readonly url: string };

/** The resource types the registry holds. */
export const CONFORMANCE_KINDS: ReadonlySet<string> = new Set(['StructureDefinition', 'ValueSet', 'CodeSystem']);

/**
 * A parsed JSON value that is a StructureDefinition, ValueSet or CodeSystem with a url (and, when
 * present, a string version). Deeper shape is the schema layer's business; the registry only needs these.
 */
export function isConformanceResource(value: unknown): value is ConformanceResource {
  return (
    isJsonObject(value) &&
    typeof value.resourceType === 'string' &&
    CONFORMANCE_KINDS.has(value.resourceType) &&
    typeof value.url === 'string' &&
    value.url.length > 0 &&
    (value.version === undefined || typeof value.version === 'string')
  );
}

/** The resources of a Bundle's entries (http://hl7.org/fhir/R4/bundle.html), whatever they are. */
export function bundleResources(bundle: unknown): unknown[] {
  const entries = isJsonObject(bundle) && Array.isArray(bundle.entry) ? bundle.entry : [];
  return entries.map((entry: unknown) => (isJsonObject(entry) ? entry.resource : undefined));
}
