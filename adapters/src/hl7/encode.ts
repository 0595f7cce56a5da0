import type { Hl7Message } from './message.js';

/** Writes a message back in ER7 with the standard CR segment terminator (v2.5.1 §2.5.1). */
export function encodeHl7(message: Hl7Message): string {
  return message.segments.map((segment) => segment.encode() + '\r').join('');
}
