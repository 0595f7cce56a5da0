import { R4_RESOURCE_TYPES, type SearchParameterRegistry } from '@nexushealth/conformance';
import { OperationOutcomeError } from '../errors/outcome-error.js';
import { isResultParam } from './parse-result-params.js';
import type { JoinCriterion, SearchQuery } from './search-query.js';

/** Parses a search on one type; passed in so that this module and the parser do not import each other. */
export type ParseSearch = (
  resourceType: string,
  params: Array<[string, string]>,
  registry: SearchParameterRegistry,
) => SearchQuery;

const HAS = '_has:';
const LIST = '_list';
/** A List resource id (datatypes.html#id); `$current-problems` and the like are functional lists. */
const LIST_ID = /^[A-Za-z0-9\-.]{1,64}$/;

/** Whether the parameter is a chain (`a.b`), a reverse chain (`_has:…`) or `_list`. */
export function isJoinParameter(name: string): boolean {
  return name.startsWith(HAS) || name.includes('.') || name === LIST;
}

/**
 * A chained (http://hl7.org/fhir/R4/search.html#chaining) or reverse-chained (#has) parameter
 * as a JoinCriterion, its inner parameter parsed on the other type by `parse` (so chains nest);
 * undefined when the server does not know the parameter (an unknown code, an inner parameter no
 * target type defines), to be reported like any unknown parameter; a malformed one is a 400.
 * An untyped chain over a reference with several target types searches every target type that
 * defines the inner parameter; `subject:Patient.name` restricts it to one.
 */
export function parseJoin(
  resourceType: string,
  name: string,
  value: string,
  registry: SearchParameterRegistry,
  parse: ParseSearch,
): JoinCriterion | undefined {
  if (name === LIST) return parseList(value);
  const occurrence: Occurrence = { resourceType, name, value, registry, parse };
  return name.startsWith(HAS) ? parseHas(occurrence) : parseChain(occurrence);
}

/** One parameter occurrence on a type, and how to parse its inner parameter. */
interface Occurrence {
  resourceType: string;
  name: string;
  value: string;
  registry: SearchParameterRegistry;
  parse: ParseSearch;
}

/** `_list=id[,id]` (http://hl7.org/fhir/R4/search.html#list); functional lists are not supported. */
function parseList(value: string): JoinCriterion {
  const ids = value.split(',').filter((id) => id !== '');
  const bad = ids.find((id) => !LIST_ID.test(id));
  if (bad !== undefined) {
    throw OperationOutcomeError.of('not-supported', `_list=${bad}: only List resource ids are supported`, LIST);
  }
  return { kind: 'list', name: LIST, ids };
}

function parseChain(occurrence: Occurrence): JoinCriterion | undefined {
  const { resourceType, name, registry } = occurrence;
  const dot = name.indexOf('.');
  const [code = '', typeModifier, ...extra] = name.slice(0, dot).split(':');
  const rest = name.slice(dot + 1);
  const param = registry.get(resourceType, code);
  if (param === undefined) return undefined;
  if (param.type !== 'reference') throw malformed(name, `${code} is not a reference parameter`);
  if (extra.length > 0) throw malformed(name, `${code} takes one :[type] modifier before the chain`);
  assertInnerParameter(name, rest);
  // A reference without declared targets (Provenance.target) may hold any type: chain it typed.
  const declared = param.target ?? [];
  const allowed = param.target === undefined ? R4_RESOURCE_TYPES : declared;
  if (typeModifier !== undefined && !allowed.includes(typeModifier)) {
    throw OperationOutcomeError.of('invalid', `${code} cannot refer to a ${typeModifier}`, name);
  }
  const candidates = typeModifier === undefined ? declared : [typeModifier];
  const targets = candidates.flatMap((type) => innerQuery(type, rest, occurrence));
  return targets.length === 0 ? undefined : { kind: 'chain', name, code, targets };
}

/** `_has:Observation:patient:code=x` (nested: `_has:Observation:patient:_has:AuditEvent:entity:agent=y`). */
function parseHas(occurrence: Occurrence): JoinCriterion | undefined {
  const { resourceType, name, registry } = occurrence;
  const [type = '', code = '', ...inner] = name.slice(HAS.length).split(':');
  const rest = inner.join(':');
  if (!R4_RESOURCE_TYPES.includes(type)) throw malformed(name, `unknown resource type ${type}`);
  const param = registry.get(type, code);
  if (param?.type !== 'reference') throw malformed(name, `${code} is not a reference parameter of ${type}`);
  assertInnerParameter(name, rest);
  if (param.target !== undefined && !param.target.includes(resourceType)) {
    throw OperationOutcomeError.of('invalid', `${type}.${code} cannot refer to a ${resourceType}`, name);
  }
  const [query] = innerQuery(type, rest, occurrence);
  return query === undefined ? undefined : { kind: 'has', name, code, query };
}

/**
 * A chain or `_has` that is not well formed is a 400 in lenient mode too: lenient handling ignores
 * unknown parameters, not malformed uses of known ones (http://hl7.org/fhir/R4/search.html#errors).
 * Result parameters (`_sort`, `_count`…) are not criteria and cannot be chained.
 */
function assertInnerParameter(name: string, inner: string): void {
  const [code = ''] = inner.split(/[:.]/);
  if (code === '' || isResultParam(code) || inner.startsWith('_include')) {
    throw malformed(name, `"${inner}" is not a parameter to chain`);
  }
}

function malformed(name: string, why: string): OperationOutcomeError {
  return OperationOutcomeError.of('invalid', `${name}: ${why}`, name);
}

/** The inner parameter as a search on `type`; none when that type does not know it. */
function innerQuery(type: string, name: string, { value, registry, parse }: Occurrence): SearchQuery[] {
  const query = parse(type, [[name, value]], registry);
  const applied = query.criteria.length + query.joins.length > 0;
  return query.unknownParams.length === 0 && applied ? [query] : [];
}
