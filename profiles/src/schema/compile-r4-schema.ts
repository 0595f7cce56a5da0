import { Ajv, type ErrorObject, type ValidateFunction } from 'ajv';
import draft06MetaSchema from 'ajv/dist/refs/json-schema-draft-06.json' with { type: 'json' };
import { absoluteUrlKeyword } from './absolute-url-keyword.js';
import { appendErrorsInPlace } from './ajv-error-append.js';
import { calendarDateKeyword } from './calendar-date-keyword.js';
import { isJsonObject } from './is-json-object.js';
import { nestedResourceKeyword, type ResourceCheck } from './nested-resource-keyword.js';
import { loadR4JsonSchema } from './r4-json-schema.js';
import { xhtmlKeyword } from './xhtml-keyword.js';

/** The R4 JSON schema compiled into one ajv validator per resource type. */
export interface CompiledR4Schema {
  readonly resourceTypes: ReadonlySet<string>;
  /** Validates a resource, dispatching on its `resourceType`; `[]` when valid. */
  readonly check: ResourceCheck;
}

/** The ajv error keyword for a missing or unknown `resourceType` (issue-from-ajv-error maps it). */
export const RESOURCE_TYPE_KEYWORD = 'resourceType';

/**
 * Compiles the whole schema once (about 1.5 s). Each resource type gets its own entry point,
 * `{ $ref: "<id>#/definitions/<Type>" }`, so a resource is checked against exactly one
 * definition instead of the schema's top-level `oneOf` over all of them.
 */
export function compileR4Schema(): CompiledR4Schema {
  const { id, schema, resourceTypes } = loadR4JsonSchema();
  const validators = new Map<string, ValidateFunction>();
  const check: ResourceCheck = (data, instancePath) => checkResource(validators, data, instancePath);
  // allErrors: the client gets every problem in one OperationOutcome, not one per round trip.
  // strictTypes off: the official schema puts `pattern` on number types (integer, decimal), which
  // JSON Schema ignores there (https://json-schema.org/draft-06/json-schema-validation#rfc.section.6.8).
  // code.process: errors are merged in linear time (see ajv-error-append.ts).
  const ajv = new Ajv({
    allErrors: true,
    strictTypes: false,
    code: { process: (code) => appendErrorsInPlace(code).code },
    keywords: [nestedResourceKeyword(check), xhtmlKeyword(), calendarDateKeyword(), absoluteUrlKeyword()],
  });
  // The schema declares draft-06; ajv 8 ships that meta-schema but does not load it by default.
  ajv.addMetaSchema(draft06MetaSchema);
  ajv.addSchema(schema);
  for (const type of resourceTypes) {
    validators.set(type, ajv.compile({ $ref: `${id}#/definitions/${type}` }));
  }
  return { resourceTypes: new Set(resourceTypes), check };
}

function checkResource(
  validators: ReadonlyMap<string, ValidateFunction>,
  data: unknown,
  instancePath: string,
): ErrorObject[] {
  if (!isJsonObject(data)) {
    return [problem(instancePath, 'type', { type: 'object' }, 'must be a JSON object')];
  }
  const { resourceType } = data;
  if (resourceType === undefined) {
    return [problem(instancePath, RESOURCE_TYPE_KEYWORD, { problem: 'missing' }, 'resourceType is missing')];
  }
  const validate = typeof resourceType === 'string' ? validators.get(resourceType) : undefined;
  if (validate === undefined) {
    return [
      problem(instancePath, RESOURCE_TYPE_KEYWORD, { problem: 'unknown' }, 'resourceType is not an R4 resource type'),
    ];
  }
  if (validate(data)) return [];
  const errors = validate.errors ?? [];
  return instancePath === '' ? errors : errors.map((e) => ({ ...e, instancePath: instancePath + e.instancePath }));
}

function problem(instancePath: string, keyword: string, params: Record<string, string>, message: string): ErrorObject {
  return { instancePath, keyword, params, message, schemaPath: '#' };
}
