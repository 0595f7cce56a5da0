import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { splitBatch } from '../hl7/batch.js';
import type { Hl7Message } from '../hl7/message.js';
import { parseHl7 } from '../hl7/parse.js';

/**
 * The shared HL7 v2 sample folder (never copied into the repo): `$NEXUS_SHARED_DATA/hl7v2`, else
 * `<repo>/../shared/data/hl7v2`. Returns `undefined` when it is absent, so suites can skip; under CI
 * (`process.env.CI`) an absent corpus is an error instead, so it can never be skipped silently.
 */
export function hl7CorpusDir(): string | undefined {
  const base = process.env['NEXUS_SHARED_DATA'] ?? fileURLToPath(new URL('../../../../shared/data', import.meta.url));
  const dir = join(base, 'hl7v2');
  if (existsSync(dir)) return dir;
  if (process.env['CI']) throw new Error(`HL7 v2 corpus not found at ${dir} (CI is set, so this fails)`);
  console.log(`      (HL7 v2 corpus not found at ${dir}: corpus tests skipped)`);
  return undefined;
}

export interface CorpusFile {
  readonly name: string;
  /** The file read as UTF-8 (which every corpus file is), BOM included. */
  readonly text: string;
  /** The file as received, for `decodeHl7`. */
  readonly bytes: Buffer;
}

/** Every `.hl7` file of the corpus, in name order; empty when the corpus is absent. */
export function hl7CorpusFiles(): CorpusFile[] {
  const dir = hl7CorpusDir();
  if (dir === undefined) return [];
  return readdirSync(dir)
    .filter((name) => name.endsWith('.hl7'))
    .sort()
    .map((name) => {
      const bytes = readFileSync(join(dir, name));
      return { name, text: bytes.toString('utf8'), bytes };
    });
}

/** The corpus files holding messages whose MSH-9.1 is `messageCode`, with those messages (refused files skipped). */
export function corpusMessages(messageCode: string): { readonly name: string; readonly messages: Hl7Message[] }[] {
  return hl7CorpusFiles().flatMap(({ name, text }) => {
    let messages: Hl7Message[];
    try {
      messages = splitBatch(text).map(parseHl7);
    } catch {
      return []; // refused files are covered by the parser corpus test
    }
    const matching = messages.filter((m) => m.get('MSH')?.field(9).component(1) === messageCode);
    return matching.length === 0 ? [] : [{ name, messages: matching }];
  });
}
