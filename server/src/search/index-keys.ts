/**
 * Names of the `idx` entries besides `idx[code]` (keys may hold neither '.' nor a leading '$', so
 * a ':' suffix, the spelling of the matching search modifier, marks them):
 * - `idx['<code>:exact']` — string parameters: the values as written, for `:exact`
 *   (http://hl7.org/fhir/R4/search.html#string);
 * - `idx['<code>:text']` — token parameters: normalised CodeableConcept.text, Coding.display and
 *   Identifier.type.text, for `:text` (http://hl7.org/fhir/R4/search.html#token);
 * - `idx['<code>:of-type']` — token parameters on an Identifier with a type: `typeSystem|typeCode|value`
 *   for each type coding, for `:of-type` (search.html#token);
 * - `idx['<code>:identifier']` — reference parameters: the tokens of Reference.identifier, for
 *   `:identifier` (search.html#reference).
 */
export const indexKeys = {
  exact: (code: string): string => `${code}:exact`,
  text: (code: string): string => `${code}:text`,
  ofType: (code: string): string => `${code}:of-type`,
  identifier: (code: string): string => `${code}:identifier`,
};
