import { R4_RESOURCE_TYPES, referenceTarget, type SearchParameterDefinition } from '@nexushealth/conformance';
import { OperationOutcomeError } from '../errors/outcome-error.js';
import { dateRange } from './date-range.js';
import { normalizeString } from './normalize-string.js';
import { numberRange } from './number-range.js';
import { parseCompositeValue } from './parse-composite-value.js';
import { tokenInValue, tokenSubsumptionValue } from './parse-token-terminology.js';
import type { SearchPrefix, SearchValue } from './search-query.js';
import { splitUnescaped, unescapeValue } from './search-value-escaping.js';
import { ucumBaseUnit, UCUM_SYSTEM } from './ucum-canonical.js';

/** Modifiers supported per type (http://hl7.org/fhir/R4/search.html#modifiers); `missing` on all. */
const MODIFIERS: Partial<Record<SearchParameterDefinition['type'], readonly string[]>> = {
  string: ['exact', 'contains'],
  token: ['not', 'text', 'of-type', 'in', 'not-in', 'above', 'below'],
  uri: ['below', 'above', 'contains'],
  reference: ['identifier'],
};

const PREFIX = /^(eq|ne|gt|lt|ge|le|sa|eb|ap)?(.*)$/s;

export interface ParsedValues {
  negate: boolean;
  values: SearchValue[];
}

/**
 * Parses one parameter occurrence `name[:modifier]=v1,v2` into OR-ed values. Servers SHALL reject
 * unsupported modifiers (http://hl7.org/fhir/R4/search.html#modifiers), so they throw.
 */
export function parseSearchValues(
  param: SearchParameterDefinition,
  modifier: string | undefined,
  text: string,
): ParsedValues {
  const name = modifier === undefined ? param.code : `${param.code}:${modifier}`;
  const parts = splitUnescaped(text, ',').filter((p) => p !== '');
  if (modifier === 'missing') {
    if (text !== 'true' && text !== 'false') throw invalid(name, `:missing takes true or false, not "${text}"`);
    return { negate: false, values: [{ kind: 'missing', missing: text === 'true' }] };
  }
  const isType = param.type === 'reference' && modifier !== undefined && R4_RESOURCE_TYPES.includes(modifier);
  if (modifier !== undefined && !isType && !(MODIFIERS[param.type] ?? []).includes(modifier)) {
    throw OperationOutcomeError.of('not-supported', `modifier :${modifier} is not supported on ${param.code}`, name);
  }
  const values = parts.map((part) => parseOne(param, modifier, part, name));
  return { negate: modifier === 'not' || modifier === 'not-in', values };
}

/** What parsing a value needs of its parameter (a composite's components have just these). */
type ValueParameter = Pick<SearchParameterDefinition, 'type' | 'target' | 'components'>;

function parseOne(param: ValueParameter, modifier: string | undefined, part: string, name: string): SearchValue {
  switch (param.type) {
    case 'string': {
      const value = unescapeValue(part);
      if (modifier === 'exact') return { kind: 'string', match: 'exact', value };
      return { kind: 'string', match: modifier === 'contains' ? 'contains' : 'start', value: normalizeString(value) };
    }
    case 'token':
      return tokenValue(modifier, part, name);
    case 'reference':
      if (modifier === 'identifier') return { ...token(part, name), kind: 'reference-identifier' };
      return reference(param, modifier, unescapeValue(part), name);
    case 'uri': {
      const match = modifier === 'below' || modifier === 'above' || modifier === 'contains' ? modifier : 'exact';
      return { kind: 'uri', value: unescapeValue(part), match };
    }
    case 'date': {
      const [prefix, rest] = prefixed(part);
      const range = dateRange(rest);
      if (!range) throw invalid(name, `"${part}" is not a valid date`);
      return { kind: 'date', prefix, ...range };
    }
    case 'number': {
      const [prefix, rest] = prefixed(part);
      const range = numberRange(rest);
      if (!range) throw invalid(name, `"${part}" is not a valid number`);
      return { kind: 'number', prefix, ...range };
    }
    case 'quantity':
      return quantity(part, name);
    case 'composite':
      if (param.components) {
        return parseCompositeValue(param.components, part, name, (c, piece) => parseOne(c, undefined, piece, name));
      }
      throw OperationOutcomeError.of('not-supported', 'this composite parameter is not supported', name);
    default:
      throw OperationOutcomeError.of('not-supported', `${param.type} parameters are not supported`, name);
  }
}

/** [system]|[code], code, |code, system| (http://hl7.org/fhir/R4/search.html#token). */
function token(part: string, name: string): { kind: 'token'; system?: string; code?: string } {
  const pieces = splitUnescaped(part, '|').map(unescapeValue);
  if (pieces.length > 2) throw invalid(name, `"${part}" has more than one unescaped "|"`);
  const [first = '', second] = pieces;
  if (second === undefined) return { kind: 'token', code: first };
  if (second === '') {
    if (first === '') throw invalid(name, 'a token needs a system or a code');
    return { kind: 'token', system: first };
  }
  return { kind: 'token', system: first, code: second };
}

function tokenValue(modifier: string | undefined, part: string, name: string): SearchValue {
  switch (modifier) {
    case 'text':
      return { kind: 'token-text', value: normalizeString(unescapeValue(part)) };
    case 'of-type':
      return ofType(part, name);
    case 'in':
    case 'not-in':
      return tokenInValue(part, name);
    case 'above':
    case 'below':
      return tokenSubsumptionValue(part, modifier, name);
    default:
      return token(part, name);
  }
}

/** `type-system|type-code|value` (http://hl7.org/fhir/R4/search.html#token, :of-type). */
function ofType(part: string, name: string): SearchValue {
  const pieces = splitUnescaped(part, '|').map(unescapeValue);
  if (pieces.length !== 3 || pieces.slice(1).some((p) => p === '')) {
    throw invalid(name, `"${part}" is not type-system|type-code|value`);
  }
  return { kind: 'token-of-type', value: pieces.join('|') };
}

/** Type/id, id, absolute URL, and the :Type modifier (http://hl7.org/fhir/R4/search.html#reference). */
function reference(param: ValueParameter, modifier: string | undefined, value: string, name: string): SearchValue {
  const target = referenceTarget(value);
  if (target) {
    if (target.base === undefined && !R4_RESOURCE_TYPES.includes(target.resourceType))
      throw invalid(name, `"${value}": unknown resource type ${target.resourceType}`);
    if (modifier !== undefined && target.resourceType !== modifier)
      throw invalid(name, `"${value}" is not a ${modifier}`);
    return { kind: 'reference', reference: target.base === undefined ? `${target.resourceType}/${target.id}` : value };
  }
  if (/^[a-z][a-z0-9+.-]*:/i.test(value)) return { kind: 'reference', reference: value };
  if (!/^[A-Za-z0-9\-.]{1,64}$/.test(value)) throw invalid(name, `"${value}" is not a reference or id`);
  const only = modifier ?? (param.target?.length === 1 ? param.target[0] : undefined);
  return only === undefined
    ? { kind: 'reference-id', id: value }
    : { kind: 'reference', reference: `${only}/${value}` };
}

/** [prefix][number]|[system]|[code] (http://hl7.org/fhir/R4/search.html#quantity). */
function quantity(part: string, name: string): SearchValue {
  const pieces = splitUnescaped(part, '|').map(unescapeValue);
  if (pieces.length > 3) throw invalid(name, `"${part}" has more than two unescaped "|"`);
  const [numberText = '', system, code] = pieces;
  const [prefix, rest] = prefixed(numberText);
  const range = numberRange(rest);
  if (!range) throw invalid(name, `"${part}" is not a valid quantity`);
  if (code === undefined || code === '') return { kind: 'quantity', prefix, ...range };
  const base = system === UCUM_SYSTEM ? ucumBaseUnit(code) : undefined;
  if (base) {
    const [value, lo, hi] = [range.value, range.lo, range.hi].map((n) => n * base.factor) as [number, number, number];
    return { kind: 'quantity', prefix, value, lo, hi, unit: base.unit, canonical: true };
  }
  return { kind: 'quantity', prefix, ...range, unit: system ? `${system}|${code}` : code };
}

function prefixed(part: string): [SearchPrefix, string] {
  const m = PREFIX.exec(part);
  const prefix = (m?.[1] ?? 'eq') as SearchPrefix;
  return [prefix, m?.[2] ?? part];
}

function invalid(name: string, message: string): OperationOutcomeError {
  return OperationOutcomeError.of('invalid', `${name}: ${message}`, name);
}
