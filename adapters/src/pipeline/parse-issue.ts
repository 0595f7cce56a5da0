import type { Hl7ParseError } from '../hl7/parse-error.js';
import type { Hl7Issue } from '../mapping/hl7-issue.js';

/** A parse failure as the ERR of its AR: code, reason and where (no content: the reason names places). */
export function parseIssue(error: Hl7ParseError): Hl7Issue {
  return { code: error.code, text: error.reason, location: error.location };
}
