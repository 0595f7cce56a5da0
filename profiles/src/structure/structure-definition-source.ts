import type { StructureDefinition } from '@medplum/fhirtypes';

/**
 * Where the StructureDefinition layer finds definitions by canonical url
 * (http://hl7.org/fhir/R4/structuredefinition.html). `revision` changes whenever a definition is
 * added or replaced, so compiled trees can be dropped and rebuilt lazily.
 */
export interface StructureDefinitionSource {
  structureDefinition(url: string): StructureDefinition | undefined;
  readonly revision: number;
}

/** The canonical url of a base R4 type or resource: `Patient` → `http://hl7.org/fhir/StructureDefinition/Patient`. */
export function baseDefinitionUrl(type: string): string {
  return `${BASE_URL_PREFIX}${type}`;
}

/** The base R4 type a canonical url names: `http://hl7.org/fhir/StructureDefinition/Patient` → `Patient`; else undefined. */
export function coreTypeOf(url: string): string | undefined {
  return url.startsWith(BASE_URL_PREFIX) ? url.slice(BASE_URL_PREFIX.length) : undefined;
}

export const BASE_URL_PREFIX = 'http://hl7.org/fhir/StructureDefinition/';
