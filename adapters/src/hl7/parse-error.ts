/**
 * Input that is not a well-formed HL7 v2 message. `location` names where (`MSH-2`, `segment 4`), `code` is
 * the HL7 table 0357 code the ACK will carry (100 segment sequence error, 102 data type error, 103 table value not found). The message
 * never quotes message content: it may end up in logs, and content is PHI.
 */
export class Hl7ParseError extends Error {
  override readonly name = 'Hl7ParseError';
  constructor(
    readonly reason: string,
    readonly location: string,
    readonly code: '100' | '102' | '103' = '102',
  ) {
    super(`${reason} (at ${location})`);
  }
}
