import { codecFor, physicalCodecs } from './charsets.js';

/**
 * The bytes of a message (an ACK, an outbound message) in a table 0211 character set, the inverse of
 * `decodeHl7`: pass the `charset` it returned so that the answer goes back the way the sender wrote.
 * An empty code is UTF-8, as `decodeHl7` reads an empty MSH-18 when it can. No BOM is written (HL7 has
 * none; MSH-18 says the set). A character the set cannot hold is written `?`.
 */
export function encodeHl7Bytes(text: string, charset: string): Uint8Array {
  return (charset.trim() === '' ? physicalCodecs.utf8 : codecFor(charset)).encode(text);
}
