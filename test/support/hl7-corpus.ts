// The ADT A01/A04/A08 messages of the shared HL7 v2 corpus (chosen by MSH-9, not by file name:
// `MDM_01.hl7` is an ADT^A01 and `SIU_12.hl7` an ADT^A60), batches split with the adapters' splitBatch.
import { type Hl7Message, parseHl7, splitBatch } from '@nexushealth/adapters';
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';

export const ADT_EVENTS = ['A01', 'A04', 'A08'] as const;

export interface CorpusMessage {
  /** `file.hl7`, or `file.hl7#2` for the second message of a batch. */
  name: string;
  /** The message with CR segment terminators, as sent over MLLP. */
  text: string;
  message: Hl7Message;
  /** MSH-9 as written, e.g. `ADT^A04^ADT_A01`. */
  messageType: string;
  /** MSH-10, which the ACK's MSA-2 must echo. */
  controlId: string;
}

export interface AdtCorpus {
  messages: CorpusMessage[];
  /**
   * ADT A01/A04/A08 texts that splitBatch or parseHl7 refuse (the corpus's NEGATIVE batch, and the
   * LinuxForHealth samples whose MSH-2 is `^~\\&`): a server cannot process them, so AE/AR is right.
   */
  malformed: Array<{ file: string; text: string; why: string }>;
  /** Files left out, and why (other message types, unparseable). */
  excluded: Array<{ file: string; why: string }>;
}

/** Reads every `.hl7` file of the folder and keeps the ADT A01/A04/A08 messages. */
export function readAdtCorpus(dir: string): AdtCorpus {
  return readHl7Corpus(dir, isAdtA01A04A08, (text) => /^MSH.*\|ADT\^A0[148]/m.test(text));
}

/**
 * Every message of the corpus, batches split (each message on its own), and every text our parser
 * refuses in `malformed` (the files named NEGATIVE among them).
 */
export function readFullCorpus(dir: string): AdtCorpus {
  return readHl7Corpus(
    dir,
    () => true,
    () => true,
  );
}

function readHl7Corpus(
  dir: string,
  keep: (message: Hl7Message) => boolean,
  keepMalformed: (text: string) => boolean,
): AdtCorpus {
  const corpus: AdtCorpus = { messages: [], malformed: [], excluded: [] };
  for (const file of readdirSync(dir)
    .filter((f) => f.endsWith('.hl7'))
    .sort()) {
    const text = readFileSync(path.join(dir, file), 'utf8').replace(/^\uFEFF/, '');
    let parts: string[];
    try {
      parts = splitBatch(text);
    } catch (error) {
      refuse(corpus, file, text, error, 'splitBatch', keepMalformed);
      continue;
    }
    const found: CorpusMessage[] = [];
    parts.forEach((part, i) => {
      const name = parts.length > 1 ? `${file}#${i + 1}` : file;
      try {
        const message = parseHl7(part);
        if (keep(message)) found.push(corpusMessage(message, part, name));
      } catch (error) {
        refuse(corpus, name, part, error, 'parseHl7', keepMalformed);
      }
    });
    corpus.messages.push(...found);
    if (found.length === 0 && !corpus.malformed.some((m) => m.file.startsWith(file))) {
      corpus.excluded.push({ file, why: `MSH-9 ${parts.map(messageTypeOf).join(', ')}: not ADT A01/A04/A08` });
    }
  }
  return corpus;
}

/** A text our parser refuses: kept for the AE/AR check when `keep` wants it. */
function refuse(
  corpus: AdtCorpus,
  file: string,
  text: string,
  error: unknown,
  by: string,
  keep: (text: string) => boolean,
): void {
  const why = `${by}: ${error instanceof Error ? error.message : String(error)}`;
  if (keep(text)) corpus.malformed.push({ file, text: text.replace(/\r?\n/g, '\r'), why });
  else corpus.excluded.push({ file, why: `${why}; holds no ADT A01/A04/A08` });
}

function isAdtA01A04A08(message: Hl7Message): boolean {
  const msh9 = message.get('MSH')?.field(9);
  return msh9?.component(1) === 'ADT' && (ADT_EVENTS as readonly string[]).includes(msh9.component(2) ?? '');
}

function corpusMessage(message: Hl7Message, text: string, name: string): CorpusMessage {
  return {
    name,
    text,
    message,
    messageType: messageTypeOf(text),
    controlId: message.get('MSH')?.field(10).value ?? '',
  };
}

function messageTypeOf(text: string): string {
  try {
    const msh9 = parseHl7(text).get('MSH')?.field(9);
    return (
      [1, 2, 3]
        .map((i) => msh9?.component(i) ?? '')
        .filter((c) => c !== '')
        .join('^') || '(none)'
    );
  } catch {
    return '(unparseable)';
  }
}

/** The corpus's first ADT^A01 without MSH-15: original acknowledgment mode (v2.5.1 §2.9.2). */
export function originalModeAdt(dir: string): CorpusMessage {
  const adt = readAdtCorpus(dir).messages.find(
    (m) => m.messageType.startsWith('ADT^A01') && m.message.get('MSH')?.field(15).value === undefined,
  );
  if (!adt) throw new Error(`no original-mode ADT^A01 in ${dir}`);
  return adt;
}
