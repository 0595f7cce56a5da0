import type { Hl7Issue } from './hl7-issue.js';

/**
 * A message type or trigger event we do not map (HL7 table 0357 codes 200/201): the ACK is an AR, which
 * tells the sender that resending the same message will not help.
 */
export class Hl7UnsupportedError extends Error {
  override readonly name = 'Hl7UnsupportedError';
  constructor(readonly issue: Hl7Issue) {
    super(`${issue.text}${issue.location === undefined ? '' : ` (at ${issue.location})`}`);
  }
}
