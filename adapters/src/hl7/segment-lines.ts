/**
 * Splits a message or batch into segment texts. The standard terminator is CR (v2.5.1 §2.5.1), but files
 * and some senders use LF or CRLF, mixed within one message in the corpus, so all three end a segment.
 * A leading UTF-8 byte-order mark is dropped, and so are blank lines (a trailing terminator, an editor's
 * empty last line), which is why round-tripping is "byte-identical modulo segment terminators".
 */
export function splitSegmentLines(text: string): string[] {
  const body = text.startsWith('\uFEFF') ? text.slice(1) : text;
  // Splitting on one character is several times faster than on the regex, and CR alone is the norm.
  const lines = body.includes('\n') ? body.split(/\r\n|\r|\n/) : body.split('\r');
  return lines.filter((line) => line !== '' && (line.charCodeAt(0) > 0x20 || line.trim() !== ''));
}

/** Segment ids are three upper-case letters or digits, the first a letter (v2.5.1 §2.5.2; Z-segments too). */
export function segmentId(line: string): string | undefined {
  const id = line.slice(0, 3);
  return /^[A-Z][A-Z0-9]{2}$/.test(id) ? id : undefined;
}
