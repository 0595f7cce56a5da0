/**
 * One problem to report in an ACK's ERR segment (v2.5.1 §2.15.5): `code` from HL7 table 0357 (101 required
 * field missing, 102 data type error, 103 table value not found, 200 unsupported message type, 207
 * application internal error …), `location` like `PID-3` or `PID-5.1`, `severity` from table 0516
 * (E error, W warning, I information; default E). `text` is for people and must never quote PHI.
 */
export interface Hl7Issue {
  readonly code: string;
  readonly text: string;
  readonly location?: string;
  readonly severity?: 'E' | 'W' | 'I';
}
