import { randomUUID } from 'node:crypto';
import type { Hl7Delimiters } from '../hl7/delimiters.js';
import { escapeHl7 } from '../hl7/escape.js';
import type { Hl7Issue } from '../mapping/hl7-issue.js';
import type { AckOptions } from './ack-options.js';

/** HL7 table 0357 (message error condition codes), for ERR-3.2. */
const errorCodeText: Readonly<Record<string, string>> = {
  '0': 'Message accepted',
  '100': 'Segment sequence error',
  '101': 'Required field missing',
  '102': 'Data type error',
  '103': 'Table value not found',
  '200': 'Unsupported message type',
  '201': 'Unsupported event code',
  '202': 'Unsupported processing id',
  '203': 'Unsupported version id',
  '204': 'Unknown key identifier',
  '205': 'Duplicate key identifier',
  '206': 'Application record locked',
  '207': 'Application internal error',
};

/** The pieces shared by every ACK we write: its MSH-7/MSH-10 and its MSA/ERR segments. */
export class AckSegments {
  readonly controlId: string;
  readonly timestamp: string;

  constructor(
    private readonly d: Hl7Delimiters,
    options: AckOptions,
  ) {
    this.controlId = options.controlId ?? randomUUID().replace(/-/g, '').slice(0, 20);
    this.timestamp =
      (options.now ?? new Date())
        .toISOString()
        .replace(/\.\d+Z$/, '')
        .replace(/[-:T]/g, '') + '+0000';
  }

  /** MSA-1 acknowledgment code, MSA-2 the acknowledged MSH-10 (already encoded in these delimiters). */
  msa(code: 'AA' | 'AE' | 'AR', rawControlId: string): string {
    return ['MSA', code, rawControlId].join(this.d.field);
  }

  /**
   * ERR (v2.5.1 §2.15.5): ERR-2 location (ERL), ERR-3 code^text^HL70357, ERR-4 severity, ERR-8 user
   * message. A location that is not a segment/field reference (`segment 4`) goes into the text instead.
   */
  err(issue: Hl7Issue): string {
    const erl = errorLocation(issue.location);
    const text =
      erl === undefined && issue.location !== undefined ? `${issue.text} (at ${issue.location})` : issue.text;
    const c = this.d.component;
    const code = [issue.code, escapeHl7(errorCodeText[issue.code] ?? '', this.d), 'HL70357'].join(c);
    const fields = ['ERR', '', erl?.join(c) ?? '', code, issue.severity ?? 'E', '', '', '', escapeHl7(text, this.d)];
    return fields.join(this.d.field);
  }
}

/** `PID-3.1.2` → ERL `PID^1^3^1^1^2` (segment, occurrence, field, repetition, component, subcomponent). */
function errorLocation(location: string | undefined): string[] | undefined {
  const m = /^([A-Z][A-Z0-9]{2})(?:-(\d+)(?:\.(\d+)(?:\.(\d+))?)?)?$/.exec(location ?? '');
  if (m === null) return undefined;
  const [, segment = '', field, component, subcomponent] = m;
  const parts = [segment, '1', field, field === undefined ? undefined : '1', component, subcomponent];
  return parts.filter((p): p is string => p !== undefined);
}
