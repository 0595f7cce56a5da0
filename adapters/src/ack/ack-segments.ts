import { randomUUID } from 'node:crypto';
import type { Hl7MessageBuilder } from '../hl7/builder.js';
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

/**
 * MSA-1 (table 0008): AA/AE/AR application acknowledgments, CA/CE/CR enhanced-mode commit
 * acknowledgments (v2.5.1 §2.9.3).
 */
export type AckCode = 'AA' | 'AE' | 'AR' | 'CA' | 'CE' | 'CR';

/** The raw (already encoded) MSH fields an ACK copies, by the ACK's own field number. */
export type AckHeaderFields = Readonly<Partial<Record<3 | 4 | 5 | 6 | 11 | 12 | 18, string>>>;

/** What an answer takes from the clock and a random source: its control id and its DTM timestamp. */
export interface AckStamp {
  readonly controlId: string;
  readonly timestamp: string;
}

export function ackStamp(options: AckOptions): AckStamp {
  const controlId = options.controlId ?? randomUUID().replace(/-/g, '').slice(0, 20);
  const timestamp =
    (options.now ?? new Date())
      .toISOString()
      .replace(/\.\d+Z$/, '')
      .replace(/[-:T]/g, '') + '+0000';
  return { controlId, timestamp };
}

/** The segments every ACK we write has: MSH, MSA, ERR. */
export class AckSegments {
  readonly controlId: string;
  readonly timestamp: string;

  constructor(
    private readonly b: Hl7MessageBuilder,
    options: AckOptions,
  ) {
    ({ controlId: this.controlId, timestamp: this.timestamp } = ackStamp(options));
  }

  /** MSH (v2.5.1 §2.15.9) with MSH-7 now, our MSH-10, MSH-9 `ACK[^trigger^ACK]` and copied fields. */
  msh(copied: AckHeaderFields, trigger: string | undefined): void {
    const msh = this.b.segment('MSH');
    for (const [n, raw] of Object.entries(copied)) msh.setRaw(Number(n), raw);
    msh
      .set(7, this.timestamp)
      .set(9, trigger === undefined ? 'ACK' : ['ACK', trigger, 'ACK'])
      .set(10, this.controlId);
  }

  /** MSA-1 acknowledgment code, MSA-2 the acknowledged MSH-10 (already encoded in these delimiters). */
  msa(code: AckCode, rawControlId: string): void {
    this.b.segment('MSA').set(1, code).setRaw(2, rawControlId);
  }

  /**
   * ERR (v2.5.1 §2.15.5): ERR-2 location (ERL), ERR-3 code^text^HL70357, ERR-4 severity, ERR-8 user
   * message. A location that is not a segment/field reference (`segment 4`) goes into the text instead.
   */
  err(issue: Hl7Issue): void {
    const erl = errorLocation(issue.location);
    const text =
      erl === undefined && issue.location !== undefined ? `${issue.text} (at ${issue.location})` : issue.text;
    this.b
      .segment('ERR')
      .set(2, erl ?? '')
      .set(3, [issue.code, errorCodeText[issue.code] ?? '', 'HL70357'])
      .set(4, issue.severity ?? 'E')
      .set(8, text);
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
