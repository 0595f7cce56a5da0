import { Terminology, TerminologyError, type Expansion } from '@nexushealth/profiles';
import { OperationOutcomeError } from '../errors/outcome-error.js';
import type { SearchValue } from './search-query.js';
import { splitUnescaped, unescapeValue } from './search-value-escaping.js';

/**
 * `code:in=http://hl7.org/fhir/ValueSet/observation-category` (and `:not-in`, negated by the
 * caller): the codes of the R4 ValueSet, expanded here (http://hl7.org/fhir/R4/search.html#token);
 * any other URL names a ValueSet stored on this server, looked up before the search runs.
 */
export function tokenInValue(part: string, name: string): SearchValue {
  const url = unescapeValue(part);
  const terminology = Terminology.loadBase();
  const valueSet = terminology.valueSet(url);
  return valueSet ? expansionValue(name, () => terminology.expand(valueSet)) : { kind: 'token-in', valueSet: url };
}

/** An expansion as the code list a token filter takes; terminology limits become not-supported. */
export function expansionValue(name: string, expand: () => Expansion): SearchValue {
  const { codes, systems } = answer(name, expand);
  return { kind: 'token-codes', codes: [...codes], systems: [...systems] };
}

/**
 * `code:below=system|code` (the code and what it subsumes) and `code:above=system|code` (the code
 * and what subsumes it), over the hierarchy of an R4 CodeSystem (search.html#token).
 */
export function tokenSubsumptionValue(part: string, direction: 'above' | 'below', name: string): SearchValue {
  const [system = '', code = '', ...extra] = splitUnescaped(part, '|').map(unescapeValue);
  if (system === '' || code === '' || extra.length > 0) {
    throw OperationOutcomeError.of('invalid', `${name}: "${part}" is not system|code`, name);
  }
  const codes = answer(name, () => Terminology.loadBase().subsumption(system, code, direction));
  return { kind: 'token-codes', codes: codes.map((c) => `${system}|${c}`), systems: [] };
}

function answer<T>(name: string, run: () => T): T {
  try {
    return run();
  } catch (error) {
    if (error instanceof TerminologyError) throw notSupported(name, error.message);
    throw error;
  }
}

export function notSupported(name: string, message: string): OperationOutcomeError {
  return OperationOutcomeError.of('not-supported', `${name}: ${message}`, name);
}
