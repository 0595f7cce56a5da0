/**
 * MLLP framing (HL7 v2 Transport Specification: MLLP, Release 2, §1.3): a block is
 * `<VT 0x0b> payload <FS 0x1c><CR 0x0d>`. The payload is bytes: MLLP does not know the character set,
 * MSH-18 does, and the receiver decodes by it (`decodeHl7`).
 */
export const START_BLOCK = 0x0b;
export const END_BLOCK = 0x1c;
export const CARRIAGE_RETURN = 0x0d;

/** A message wrapped in one MLLP block: bytes as they are, text as UTF-8. */
export function encodeMllpFrame(message: string | Uint8Array): Buffer {
  const payload = typeof message === 'string' ? Buffer.from(message, 'utf8') : message;
  return Buffer.concat([Buffer.of(START_BLOCK), payload, Buffer.of(END_BLOCK, CARRIAGE_RETURN)]);
}
