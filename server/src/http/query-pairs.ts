import { OperationOutcomeError } from '../errors/outcome-error.js';

/**
 * The query's name/value pairs, in order. A pair that is not valid percent-encoded UTF-8
 * (`%ZZ`, `%FF`) is a 400 naming the parameter, not a literal value that silently matches nothing
 * (RFC 3986 §2.1; http://hl7.org/fhir/R4/search.html#errors). The value is not echoed (it may be PHI).
 */
export function queryPairs(queryString: string): Array<[string, string]> {
  for (const pair of queryString.split('&')) {
    try {
      decodeURIComponent(pair.replace(/\+/g, ' '));
    } catch {
      const [name = ''] = [...new URLSearchParams(pair).keys()];
      throw OperationOutcomeError.of('invalid', `${name} is not valid percent-encoded UTF-8`, name);
    }
  }
  return [...new URLSearchParams(queryString).entries()];
}
