import type { OperationOutcomeIssue } from '@medplum/fhirtypes';
import type { ErrorObject } from 'ajv';
import { ABSOLUTE_URL_KEYWORD } from './absolute-url-keyword.js';
import { CALENDAR_DATE_KEYWORD } from './calendar-date-keyword.js';
import { RESOURCE_TYPE_KEYWORD } from './compile-r4-schema.js';
import { fhirPathExpression } from './fhir-path-expression.js';
import { pointerSegments, valueAt } from './json-pointer.js';
import { XHTML_KEYWORD } from './xhtml-keyword.js';

type IssueCode = OperationOutcomeIssue['code'];

/**
 * One OperationOutcome issue (https://hl7.org/fhir/R4/operationoutcome.html) for one ajv error.
 * Codes follow the IssueType value set (https://hl7.org/fhir/R4/valueset-issue-type.html):
 * `structure` for unknown properties and wrong JSON types, `required` for missing elements,
 * `value` for a string that breaks a pattern, code list or fixed value, `invariant` for a narrative
 * that breaks txt-1, `invalid` for the rest.
 * Diagnostics name properties, FHIR types and allowed codes, never the submitted values (PHI).
 */
export function issueFromAjvError(root: unknown, error: ErrorObject): OperationOutcomeIssue {
  const at = pointerSegments(error.instancePath);
  const value = valueAt(root, at);
  const { code, diagnostics, property } = describe(error, value);
  const expression =
    error.keyword === RESOURCE_TYPE_KEYWORD && at.length === 0 ? undefined : fhirPathExpression(root, at, property);
  return { severity: 'error', code, diagnostics, ...(expression ? { expression: [expression] } : {}) };
}

interface Description {
  readonly code: IssueCode;
  readonly diagnostics: string;
  /** A property below the error's instance path that the issue is about. */
  readonly property?: string;
}

function describe(error: ErrorObject, value: unknown): Description {
  const params: Record<string, unknown> = error.params;
  switch (error.keyword) {
    case 'additionalProperties': {
      const property = String(params.additionalProperty);
      return { code: 'structure', diagnostics: `Unknown property '${property}'`, property };
    }
    case 'required': {
      const property = String(params.missingProperty);
      return { code: 'required', diagnostics: `Missing required property '${property}'`, property };
    }
    case 'type':
      return {
        code: 'structure',
        diagnostics: `Expected a JSON ${Array.isArray(params.type) ? params.type.join(' or ') : String(params.type)} but found ${jsonTypeOf(value)}`,
      };
    case 'pattern':
      return {
        code: 'value',
        diagnostics: `Value is not a valid FHIR ${primitiveType(error.schemaPath, params.pattern)}`,
      };
    case 'enum':
      return typeof value === 'string'
        ? { code: 'value', diagnostics: `Value is not one of the allowed codes: ${allowed(params.allowedValues)}` }
        : { code: 'structure', diagnostics: `Expected a JSON string (a code) but found ${jsonTypeOf(value)}` };
    case 'const':
      return { code: 'value', diagnostics: `Value must be '${String(params.allowedValue)}'` };
    case RESOURCE_TYPE_KEYWORD:
      return params.problem === 'missing'
        ? { code: 'required', diagnostics: 'Missing resourceType: a resource must name its type' }
        : { code: 'value', diagnostics: 'resourceType is not a FHIR R4 resource type' };
    case ABSOLUTE_URL_KEYWORD:
      return { code: 'value', diagnostics: 'An extension url must be an absolute URL (extensibility.html#Extension)' };
    case CALENDAR_DATE_KEYWORD:
      return { code: 'value', diagnostics: 'Value is not a valid calendar date (datatypes.html#date)' };
    case XHTML_KEYWORD:
      return { code: 'invariant', diagnostics: error.message ?? 'The narrative breaks txt-1' };
    default:
      return { code: 'invalid', diagnostics: `Invalid: ${error.message ?? error.keyword}` };
  }
}

/** The JSON type of a value as JSON Schema names it (https://json-schema.org/draft-06/json-schema-validation#rfc.section.6.25). */
function jsonTypeOf(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'array';
  return typeof value === 'object' ? 'object' : typeof value;
}

/** The R4 id pattern, also inlined where a resource declares its `id` (datatypes.html#id). */
const ID_PATTERN = '^[A-Za-z0-9\\-\\.]{1,64}$';

/** FHIR primitive patterns sit in `#/definitions/<primitive>`, e.g. `#/definitions/date/pattern`. */
function primitiveType(schemaPath: string, pattern: unknown): string {
  if (pattern === ID_PATTERN) return 'id: up to 64 of A-Z a-z 0-9 - .';
  const match = /\/definitions\/([^/]+)\/pattern$/.exec(schemaPath);
  return match?.[1] ? match[1] : 'value of this type';
}

function allowed(values: unknown): string {
  return Array.isArray(values) ? values.map(String).join(', ') : '';
}
