import { isJsonObject } from './is-json-object.js';

const SIMPLE_IDENTIFIER = /^[A-Za-z_][A-Za-z0-9_]*$/;

/**
 * The FHIRPath expression (https://hl7.org/fhir/R4/fhirpath.html, as used by
 * OperationOutcome.issue.expression) for a location in a resource given as pointer segments:
 * `["name","0","given","1"]` in a Patient becomes `Patient.name[0].given[1]`. The data is walked
 * so that a segment is an index only where the JSON holds an array there. A primitive's `_name`
 * twin is the primitive itself in FHIRPath (`_birthDate` → `Patient.birthDate`, json.html#primitive);
 * `unknown`, a property the schema does not know, is named as it is. Undefined when the root names
 * no resource type.
 */
export function fhirPathExpression(root: unknown, segments: readonly string[], unknown?: string): string | undefined {
  if (!isJsonObject(root) || typeof root.resourceType !== 'string') return undefined;
  let expression = identifier(root.resourceType);
  let node: unknown = root;
  for (const segment of segments) {
    if (Array.isArray(node) && /^\d+$/.test(segment)) {
      expression += `[${segment}]`;
      node = node[Number(segment)];
    } else {
      expression += `.${identifier(segment.length > 1 && segment.startsWith('_') ? segment.slice(1) : segment)}`;
      node = isJsonObject(node) ? node[segment] : undefined;
    }
  }
  return unknown === undefined ? expression : `${expression}.${identifier(unknown)}`;
}

/** Names that are not simple identifiers are delimited (https://hl7.org/fhirpath/N1/#identifiers). */
export function identifier(name: string): string {
  return SIMPLE_IDENTIFIER.test(name) ? name : `\`${name.replace(/[`\\]/g, '\\$&')}\``;
}
