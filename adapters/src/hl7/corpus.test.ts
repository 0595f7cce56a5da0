import { expect } from 'chai';
import { hl7CorpusFiles } from '../test-support/corpus.js';
import { readBatchFile, splitBatch } from './batch.js';
import { decodeHl7 } from './decode.js';
import { encodeHl7 } from './encode.js';
import { parseHl7 } from './parse.js';
import { Hl7ParseError } from './parse-error.js';
import { splitSegmentLines } from './segment-lines.js';

/**
 * Files that must be refused, and why. The NEGATIVE_ ones are malformed batches on purpose; the two
 * LinuxForHealth samples declare MSH-2 as `^~\\&` (a Java literal copied with its backslash doubled), so
 * escape and subcomponent separator would be the same character: there is no faithful reading, and
 * guessing would risk splitting data wrongly, so they are an AR like any other bad MSH-2.
 */
const refused: Record<string, string> = {
  'python-hl7__NEGATIVE_batch_without_MSH.hl7': 'segment outside any message',
  'python-hl7__NEGATIVE_file_BHS_inside_message.hl7': 'BHS while a batch is still open',
  'linuxforhealth__sample_unix.hl7': 'encoding characters must be distinct',
  'linuxforhealth__sample_win.hl7': 'encoding characters must be distinct',
};

const envelope = /^(FHS|BHS|BTS|FTS)/;

/** Segment texts without terminators or blank lines: "identical modulo segment terminators". */
const normalise = (text: string): string => splitSegmentLines(text).join('\r');

describe('HL7 v2 corpus: parse and round-trip', () => {
  const files = hl7CorpusFiles();
  const counts = { files: 0, messages: 0, refused: 0 };
  after(() =>
    console.log(
      `      corpus: ${counts.files} files, ${counts.messages} messages round-tripped, ${counts.refused} refused as expected`,
    ),
  );

  for (const file of files) {
    const reason = refused[file.name];
    if (reason !== undefined) {
      it(`refuses ${file.name} (${reason})`, () => {
        expect(() => splitBatch(decodeHl7(file.bytes).text).map(parseHl7)).to.throw(Hl7ParseError, reason);
        counts.refused += 1;
      });
      continue;
    }
    it(`decodes, parses and re-encodes ${file.name} (§2.15.9.18, §2.10.3)`, () => {
      const decoded = decodeHl7(file.bytes);
      expect(decoded.text).to.equal(file.text.replace(/^\uFEFF/, ''));
      const messages = splitBatch(decoded.text);
      const encoded = messages.map((text) => encodeHl7(parseHl7(text)));
      encoded.forEach((out, i) => expect(normalise(out)).to.equal(normalise(messages[i] ?? '')));
      // Nothing lost between file and messages: every non-envelope segment is in exactly one message.
      const body = splitSegmentLines(file.text).filter((line) => !envelope.test(line));
      expect(encoded.join('')).to.equal(body.map((l) => l + '\r').join(''));
      // The envelope headers (FHS, BHS) re-encode as written too.
      const read = readBatchFile(decoded.text);
      const headers = [read.header, ...read.batches.map((b) => b.header)].flatMap((h) => (h ? [h.encode()] : []));
      expect(headers).to.deep.equal(splitSegmentLines(decoded.text).filter((line) => /^(FHS|BHS)/.test(line)));
      counts.files += 1;
      counts.messages += messages.length;
    });
  }
});
