import type { Resource } from '@medplum/fhirtypes';
import {
  patientCompartment,
  type SearchParameterDefinition,
  type SearchParameterRegistry,
} from '@nexushealth/conformance';
import { dateIndexValues } from './index-dates.js';
import { indexKeys } from './index-keys.js';
import { numberIndexValues } from './index-numbers.js';
import { quantityIndexValues } from './index-quantities.js';
import { referenceIndexValues } from './index-references.js';
import { stringIndexValues } from './index-strings.js';
import { tokenIndexValues } from './index-tokens.js';
import { normalizeString } from './normalize-string.js';

export interface ExtractedIndex {
  /** Search index by parameter code; see README.md in this folder for the shape of each type. */
  idx: Record<string, unknown>;
  /** "Patient/<id>" for every Patient compartment the resource is in. */
  compartments: string[];
}

/** `_id` and `_lastUpdated` are searched on the record's own `id` and `lastUpdated` fields. */
const RECORD_FIELDS = new Set(['_id', '_lastUpdated']);

/**
 * Extracts the search index of a resource at write time: every SearchParameter of its type is
 * evaluated with its compiled FHIRPath and the values normalised by parameter type. Keys with no
 * value are left out, so `:missing` is `$exists`. Composite and special parameters are not indexed.
 */
export function extractIndex(resource: Resource, registry: SearchParameterRegistry): ExtractedIndex {
  const idx: Record<string, unknown> = {};
  for (const param of registry.forResource(resource.resourceType)) {
    if (!RECORD_FIELDS.has(param.code)) indexParameter(idx, param, resource);
  }
  return { idx, compartments: compartmentsOf(resource, idx) };
}

function indexParameter(idx: Record<string, unknown>, param: SearchParameterDefinition, resource: Resource): void {
  const typed = param.evaluateTyped(resource);
  if (typed.length === 0) return;
  const put = (key: string, values: unknown[]): void => {
    if (values.length > 0) idx[key] = values;
  };
  switch (param.type) {
    case 'string': {
      const exact = stringIndexValues(typed);
      put(param.code, unique(exact.map(normalizeString).filter((s) => s !== '')));
      put(indexKeys.exact(param.code), unique(exact));
      break;
    }
    case 'token': {
      const { tokens, texts } = tokenIndexValues(typed);
      put(param.code, unique(tokens));
      put(indexKeys.text(param.code), unique(texts.map(normalizeString)));
      break;
    }
    case 'reference':
      put(param.code, unique(referenceIndexValues(typed)));
      break;
    case 'uri':
      put(param.code, unique(typed.flatMap(({ value }) => (typeof value === 'string' ? [value] : []))));
      break;
    case 'date':
      put(param.code, dateIndexValues(typed));
      break;
    case 'number':
      put(param.code, unique(numberIndexValues(typed)));
      break;
    case 'quantity':
      put(param.code, quantityIndexValues(typed));
      break;
    default:
      // composite and special: not indexed (see README.md).
      break;
  }
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

function unique<T>(values: T[]): T[] {
  return [...new Set(values)];
}
