import type { Hl7Issue } from './hl7-issue.js';

/** The message is understood but its content cannot be mapped (a required field is missing): an AE. */
export class Hl7DataError extends Error {
  override readonly name = 'Hl7DataError';
  constructor(readonly issue: Hl7Issue) {
    super(`${issue.text}${issue.location === undefined ? '' : ` (at ${issue.location})`}`);
  }
}
