import type { FuncKeywordDefinition, SchemaValidateFunction } from 'ajv';
import { narrativeProblems } from './narrative-xhtml.js';

/** The keyword on the schema's `xhtml` definition: every Narrative.div, in any resource, nested or not. */
export const XHTML_KEYWORD = 'fhirXhtml';

/** Checks txt-1 (https://hl7.org/fhir/R4/narrative.html#xhtml); the JSON type is the schema's job. */
export function xhtmlKeyword(): FuncKeywordDefinition {
  const validate: SchemaValidateFunction = (_schema, data, _parentSchema, dataCxt) => {
    const problems = typeof data === 'string' ? narrativeProblems(data) : [];
    validate.errors = problems.map((message) => ({
      instancePath: dataCxt?.instancePath ?? '',
      schemaPath: `#/${XHTML_KEYWORD}`,
      keyword: XHTML_KEYWORD,
      params: {},
      message,
    }));
    return problems.length === 0;
  };
  return { keyword: XHTML_KEYWORD, schemaType: 'boolean', errors: true, validate };
}
