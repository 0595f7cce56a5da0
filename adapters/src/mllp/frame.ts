/**
 * MLLP framing (HL7 v2 Transport Specification: MLLP, Release 2, §1.3): a block is
 * `<VT 0x0b> payload <FS 0x1c><CR 0x0d>`. Payloads are UTF-8 here; honouring MSH-18 character sets
 * (8859/1 and the like) is a later issue, and decoding happens where that knowledge will live.
 */
export const START_BLOCK = 0x0b;
export const END_BLOCK = 0x1c;
export const CARRIAGE_RETURN = 0x0d;

/** A message wrapped in one MLLP block, encoded as UTF-8. */
export function encodeMllpFrame(message: string): Buffer {
  return Buffer.concat([Buffer.of(START_BLOCK), Buffer.from(message, 'utf8'), Buffer.of(END_BLOCK, CARRIAGE_RETURN)]);
}
