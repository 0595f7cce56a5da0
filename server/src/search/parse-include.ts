import { R4_RESOURCE_TYPES, type SearchParameterRegistry } from '@nexushealth/conformance';
import { OperationOutcomeError } from '../errors/outcome-error.js';
import type { IncludeSpec } from './search-query.js';

/** `_include[:iterate]` and `_revinclude[:iterate]`; `:recurse` is R4's older spelling of `:iterate`. */
const INCLUDE_NAME = /^_(rev)?include(?::(iterate|recurse))?$/;

export function isIncludeParam(name: string): boolean {
  return INCLUDE_NAME.test(name);
}

/**
 * One `_include` / `_revinclude` (http://hl7.org/fhir/R4/search.html#include):
 * `Source:code[:Target]`, `Source:*`, or `*` for every reference of the matches (`_include` only).
 * Without `:iterate` it applies to the matches only, so one whose source (`_revinclude`: target)
 * is another type adds nothing. A name that does not resolve is a 400: an include the server
 * silently skipped would look like "nothing referenced".
 */
export function parseInclude(name: string, value: string, registry: SearchParameterRegistry): IncludeSpec {
  const [, rev, iterateWord] = INCLUDE_NAME.exec(name) ?? [];
  const reverse = rev !== undefined;
  const iterate = iterateWord !== undefined;
  if (value === '*' && !reverse) return { reverse, iterate, sourceType: '*', code: '*' };
  const [sourceType = '', code = '', targetType, ...extra] = value.split(':');
  const bad = (why: string) => OperationOutcomeError.of('invalid', `${name}=${value}: ${why}`, name);
  if (extra.length > 0 || code === '') throw bad('expected Type:parameter[:TargetType]');
  if (!R4_RESOURCE_TYPES.includes(sourceType)) throw bad(`unknown resource type ${sourceType}`);
  if (targetType !== undefined && !R4_RESOURCE_TYPES.includes(targetType)) {
    throw bad(`unknown resource type ${targetType}`);
  }
  if (code !== '*') {
    const param = registry.get(sourceType, code);
    if (param?.type !== 'reference') throw bad(`${sourceType} has no reference parameter ${code}`);
    if (targetType !== undefined && param.target !== undefined && !param.target.includes(targetType)) {
      throw bad(`${sourceType}.${code} cannot refer to a ${targetType}`);
    }
  }
  const spec: IncludeSpec = { reverse, iterate, sourceType, code };
  if (targetType !== undefined) spec.targetType = targetType;
  return spec;
}

/** The reference parameter codes an include follows from a resource of `type`. */
export function includeCodes(spec: IncludeSpec, type: string, registry: SearchParameterRegistry): string[] {
  if (spec.sourceType !== '*' && spec.sourceType !== type) return [];
  if (spec.code !== '*') return [spec.code];
  return registry
    .forResource(type)
    .filter((p) => p.type === 'reference' && p.expression !== undefined)
    .map((p) => p.code);
}
