import { OperationOutcomeError } from '../errors/outcome-error.js';
import { componentField } from './composite-key.js';
import { escapeRegex } from './escape-regex.js';
import { indexKeys } from './index-keys.js';
import { rangeFilter } from './range-filter.js';
import type { SearchCriterion, SearchPrefix, SearchValue } from './search-query.js';

type Filter = Record<string, unknown>;

/**
 * One criterion as a Mongo filter over the stored record. Only operators FerretDB 1.x evaluates
 * are used (see store/port.ts). User text only ever appears as a value under an operator built
 * here — escaped inside `$regex` — or percent-encoded as a composite key (composite-key.ts), which
 * can hold neither '.' nor '$'. Field names otherwise come from registry codes.
 */
export function compileCriterion(criterion: SearchCriterion, now: number): Filter {
  const field = fieldOf(criterion);
  const alternatives = criterion.values.map((v) => valueFilter(criterion.code, field, v, now));
  const any = alternatives.length === 1 && alternatives[0] ? alternatives[0] : { $or: alternatives };
  return criterion.negate ? { $nor: [any] } : any;
}

function fieldOf(c: SearchCriterion): string {
  return c.target === 'idx' ? `idx.${c.code}` : c.target;
}

function valueFilter(code: string, field: string, v: SearchValue, now: number): Filter {
  switch (v.kind) {
    case 'missing':
      return { [field]: { $exists: !v.missing } };
    case 'string':
      if (v.match === 'exact') return { [`idx.${indexKeys.exact(code)}`]: v.value };
      return { [field]: { $regex: v.match === 'start' ? `^${escapeRegex(v.value)}` : escapeRegex(v.value) } };
    case 'token-text':
      return { [`idx.${indexKeys.text(code)}`]: { $regex: `^${escapeRegex(v.value)}` } };
    case 'token':
      return tokenFilter(field, v.system, v.code);
    case 'token-in':
      // Only the search interaction looks up stored ValueSets (stored-value-sets.ts).
      throw OperationOutcomeError.of('not-supported', `${code}: the value set ${v.valueSet} is not known here`, code);
    case 'token-codes':
      return tokenCodesFilter(field, v.codes, v.systems);
    case 'token-of-type':
      return { [`idx.${indexKeys.ofType(code)}`]: v.value };
    case 'reference-identifier':
      return tokenFilter(`idx.${indexKeys.identifier(code)}`, v.system, v.code);
    case 'reference':
      return { [field]: v.reference };
    case 'reference-id':
      return { [field]: { $regex: `^[A-Z][A-Za-z]+/${escapeRegex(v.id)}$` } };
    case 'uri':
      return uriFilter(field, v.match, v.value);
    case 'date':
      return field === 'lastUpdated'
        ? rangeFilter({ lo: field, hi: field, encode: isoInstant }, v.prefix, v.lo, v.hi, now)
        : rangeFilter({ lo: `${field}.lo`, hi: `${field}.hi`, encode: (ms) => ms }, v.prefix, v.lo, v.hi, now);
    case 'number':
      return numberFilter(field, v.prefix, v.value, v.lo, v.hi);
    case 'quantity': {
      const [number, unit] = v.canonical ? [`${field}.cv`, `${field}.cu`] : [`${field}.v`, `${field}.u`];
      const value = numberFilter(number, v.prefix, v.value, v.lo, v.hi);
      return v.unit === undefined ? value : { $and: [value, { [unit]: v.unit }] };
    }
    case 'composite': {
      // One dotted path per component under the first component's key (index-composite.ts).
      const parts = v.components.map((c, i) => valueFilter(code, `${field}.${v.key}.${componentField(i + 1)}`, c, now));
      return parts.length === 1 && parts[0] ? parts[0] : { $and: parts };
    }
  }
}

/**
 * uri (http://hl7.org/fhir/R4/search.html#uri): `:below` a prefix of the stored value, `:above` the
 * stored value a prefix of the search value at a path boundary (e.g. `…/ValueSet/123/_history/5`
 * finds `…/ValueSet/123` and `…/fhir`), `:contains` a substring.
 */
function uriFilter(field: string, match: 'exact' | 'below' | 'above' | 'contains', value: string): Filter {
  switch (match) {
    case 'exact':
      return { [field]: value };
    case 'below':
      return { [field]: { $regex: `^${escapeRegex(value)}` } };
    case 'contains':
      return { [field]: { $regex: escapeRegex(value) } };
    case 'above':
      return { [field]: { $in: pathPrefixes(value) } };
  }
}

/** The value and each of its prefixes ending before a '/' past the authority, with and without it. */
function pathPrefixes(value: string): string[] {
  const authorityEnd = value.indexOf('//') + 2;
  const prefixes = new Set([value]);
  for (let i = value.indexOf('/', authorityEnd); i > 0; i = value.indexOf('/', i + 1)) {
    prefixes.add(value.slice(0, i)).add(value.slice(0, i + 1));
  }
  return [...prefixes];
}

/** A code list and whole systems (an expanded ValueSet, a subsumption) over stored `system|code`. */
function tokenCodesFilter(field: string, codes: string[], systems: string[]): Filter {
  // An empty expansion is `$in: []`: it matches nothing, and `:not-in` of it everything.
  const alternatives: Filter[] = [
    { [field]: { $in: codes } },
    ...systems.map((system) => ({ [field]: { $regex: `^${escapeRegex(system)}\\|` } })),
  ];
  return alternatives.length === 1 && alternatives[0] ? alternatives[0] : { $or: alternatives };
}

/** Stored tokens are `system|code`, `code` and `|code` (see index-tokens.ts). */
function tokenFilter(field: string, system: string | undefined, code: string | undefined): Filter {
  if (field === 'id') return { id: code ?? '' };
  if (code === undefined) return { [field]: { $regex: `^${escapeRegex(system ?? '')}\\|` } };
  if (system === undefined) return { [field]: code };
  return { [field]: `${system}|${code}` };
}

/**
 * Numbers (http://hl7.org/fhir/R4/search.html#number): eq/ne use the precision range [lo, hi) of
 * the search value, the other prefixes the value itself; ap is ±10%. The two bounds are separate
 * conditions, so on a repeating element they may be met by different values: FerretDB 1.x
 * evaluates `$elemMatch` on scalar arrays that way too (measured), and both engines must agree.
 * Exact for single values, which numbers and quantities almost always are.
 */
function numberFilter(field: string, prefix: SearchPrefix, value: number, lo: number, hi: number): Filter {
  const between = (a: number, b: number, upper: '$lt' | '$lte'): Filter => ({
    $and: [{ [field]: { $gte: a } }, { [field]: { [upper]: b } }],
  });
  const margin = Math.abs(value) * 0.1;
  switch (prefix) {
    case 'eq':
      return between(lo, hi, '$lt');
    case 'ne':
      // Only resources that have a value can be "not equal" (see range-filter.ts).
      return { $and: [{ [field]: { $exists: true } }, { $nor: [between(lo, hi, '$lt')] }] };
    case 'gt':
    case 'sa':
      return { [field]: { $gt: value } };
    case 'lt':
    case 'eb':
      return { [field]: { $lt: value } };
    case 'ge':
      return { [field]: { $gte: value } };
    case 'le':
      return { [field]: { $lte: value } };
    case 'ap':
      return between(value - margin, value + margin, '$lte');
  }
}

const ISO_MIN = Date.parse('0000-01-01T00:00:00.000Z');
const ISO_MAX = Date.parse('9999-12-31T23:59:59.999Z');

/** `lastUpdated` is stored as an ISO instant with ms and Z, which sorts as it compares. */
function isoInstant(ms: number): string {
  return new Date(Math.min(Math.max(ms, ISO_MIN), ISO_MAX)).toISOString();
}
