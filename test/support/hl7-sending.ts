// Sending corpus messages over MLLP and reading what came back, shared by the suite and the demo.
import { encodeMllpFrame, MllpClient } from '@nexushealth/adapters';
import type { CorpusMessage } from './hl7-corpus.js';
import { type ParsedAck, parseAck } from './hl7-expectations.js';

export interface SentMessage {
  message: CorpusMessage;
  ack: ParsedAck;
}

/** Sends each message in order on one MLLP connection and parses each ACK. */
export async function sendAll(port: number, messages: CorpusMessage[], timeoutMs = 30_000): Promise<SentMessage[]> {
  const client = new MllpClient(port, '127.0.0.1', { timeoutMs });
  try {
    const sent: SentMessage[] = [];
    for (const message of messages) sent.push({ message, ack: parseAck(await client.send(message.text)) });
    return sent;
  } finally {
    await client.close();
  }
}

/** Sends one raw text and parses the ACK (for resends and malformed input). */
export async function sendOne(port: number, text: string, timeoutMs = 30_000): Promise<ParsedAck> {
  const client = new MllpClient(port, '127.0.0.1', { timeoutMs });
  try {
    return parseAck(await client.send(text));
  } finally {
    await client.close();
  }
}

/** The message with MSH-10 (control id) replaced: the same content, sent as a new message. */
export function withControlId(text: string, controlId: string): string {
  const [msh = '', ...rest] = text.split('\r');
  const separator = msh.charAt(3);
  const fields = msh.split(separator);
  // fields[0] is "MSH" and fields[1] is MSH-2, so MSH-n sits at index n - 1.
  fields[9] = controlId;
  return [fields.join(separator), ...rest].join('\r');
}

/** The message with the first PID-3 identifier's value (CX-1) replaced: the same content about another patient. */
export function withPatientId(text: string, value: string): string {
  const separator = text.charAt(3);
  return text
    .split('\r')
    .map((segment) => {
      if (!segment.startsWith(`PID${separator}`)) return segment;
      const fields = segment.split(separator);
      const [first = '', ...others] = (fields[3] ?? '').split('~');
      fields[3] = [[value, ...first.split('^').slice(1)].join('^'), ...others].join('~');
      return fields.join(separator);
    })
    .join('\r');
}

/** Sends one framed message on its own connection and waits for no answer (MSH-15 NE or ER: none is sent). */
export async function sendUnanswered(port: number, text: string): Promise<void> {
  const client = new MllpClient(port, '127.0.0.1');
  try {
    await client.sendBytes(encodeMllpFrame(text));
  } finally {
    await client.close();
  }
}
