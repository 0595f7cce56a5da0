import type { Resource } from '@medplum/fhirtypes';
import {
  patientCompartment,
  type SearchParameterDefinition,
  type SearchParameterRegistry,
} from '@nexushealth/conformance';
import { CompositeMemo } from './composite-memo.js';
import { compositeIndexValue } from './index-composite.js';
import { indexKeys } from './index-keys.js';
import { referenceIdentifierTokens } from './index-references.js';
import { stringIndexValues } from './index-strings.js';
import { tokenIndexValues } from './index-tokens.js';
import { indexValues, unique } from './index-values.js';
import { normalizeString } from './normalize-string.js';

export interface ExtractedIndex {
  /** Search index by parameter code; see README.md in this folder for the shape of each type. */
  idx: Record<string, unknown>;
  /** "Patient/<id>" for every Patient compartment the resource is in. */
  compartments: string[];
  /** The urls of runtime SearchParameters whose expression failed on this resource (no index from them). */
  failed: string[];
}

/** `_id` and `_lastUpdated` are searched on the record's own `id` and `lastUpdated` fields. */
const RECORD_FIELDS = new Set(['_id', '_lastUpdated']);

/**
 * Extracts the search index of a resource at write time: every SearchParameter of its type is
 * evaluated with its compiled FHIRPath and the values normalised by parameter type. Keys with no
 * value are left out, so `:missing` is `$exists`. Special parameters (`near`) are not indexed.
 * A runtime SearchParameter whose expression fails on the resource indexes nothing (`failed`).
 */
export function extractIndex(resource: Resource, registry: SearchParameterRegistry): ExtractedIndex {
  const idx: Record<string, unknown> = {};
  const memo = new CompositeMemo();
  const failed: string[] = [];
  for (const param of registry.forResource(resource.resourceType)) {
    if (RECORD_FIELDS.has(param.code)) continue;
    try {
      indexParameter(idx, param, resource, memo);
    } catch (error) {
      // A base R4 parameter failing is our bug and fails loudly; a runtime one must not fail
      // the write or a reindex (searchparameter.html). A RangeError is a resource too large.
      if (!param.runtime || error instanceof RangeError) throw error;
      failed.push(param.url);
    }
  }
  return { idx, compartments: compartmentsOf(resource, idx), failed };
}

function indexParameter(
  idx: Record<string, unknown>,
  param: SearchParameterDefinition,
  resource: Resource,
  memo: CompositeMemo,
): void {
  if (param.type === 'composite') {
    const composite = compositeIndexValue(param, resource, memo);
    if (composite) idx[param.code] = composite;
    return;
  }
  const typed = param.evaluateTyped(resource);
  if (typed.length === 0) return;
  const put = (key: string, values: unknown[]): void => {
    if (values.length > 0) idx[key] = values;
  };
  const values = indexValues(param.type, typed);
  put(param.code, values);
  // A reference that names nothing searchable (`#contained`, `urn:`) is still a value: an empty
  // array marks it present for `:missing` (search.html#modifiers) and gives chains nothing.
  if (param.type === 'reference' && values.length === 0) idx[param.code] = [];
  // The extra keys of string and token parameters (index-keys.ts).
  if (param.type === 'string') put(indexKeys.exact(param.code), unique(stringIndexValues(typed)));
  if (param.type === 'token') {
    const { texts, ofType } = tokenIndexValues(typed);
    put(indexKeys.text(param.code), unique(texts.map(normalizeString)));
    put(indexKeys.ofType(param.code), unique(ofType));
  }
  if (param.type === 'reference') put(indexKeys.identifier(param.code), unique(referenceIdentifierTokens(typed)));
}

/** Compartment membership (http://hl7.org/fhir/R4/compartmentdefinition-patient.html). */
function compartmentsOf(resource: Resource, idx: Record<string, unknown>): string[] {
  const compartments = new Set<string>();
  if (resource.resourceType === 'Patient' && resource.id) compartments.add(`Patient/${resource.id}`);
  for (const code of patientCompartment(resource.resourceType)) {
    const refs = idx[code];
    if (!Array.isArray(refs)) continue;
    for (const ref of refs) if (typeof ref === 'string' && ref.startsWith('Patient/')) compartments.add(ref);
  }
  return [...compartments];
}
