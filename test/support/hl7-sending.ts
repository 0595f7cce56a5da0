// Sending corpus messages over MLLP and reading what came back, shared by the suite and the demo.
import { setTimeout as sleep } from 'node:timers/promises';
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

/** What a resending sender ended with for one message. */
export interface Delivered {
  controlId: string;
  /** The final answer: the first that is not "send it again later". */
  ack: ParsedAck;
  /** Sends it took (1 = answered the first time). */
  attempts: number;
  /** Epoch ms of the first send and of the final answer. */
  sentAt: number;
  answeredAt: number;
}

export interface ResendPolicy {
  /** How long one send waits for its answer before it counts as lost. Default 30 s. */
  timeoutMs?: number;
  /** Pause before a resend. Default 500 ms. */
  retryDelayMs?: number;
  /** Stop resending after this long and fail. Default 5 min. */
  giveUpAfterMs?: number;
}

/** "Send it again later": AR/CE/CR with ERR-3 207 (application internal error, table 0357). */
function isTryLater(ack: ParsedAck): boolean {
  return ['AR', 'CE', 'CR'].includes(ack.code) && ack.errors.some((e) => e.startsWith('207'));
}

/**
 * Sends one message as an interface engine does: on a timeout, a broken or refused connection or an
 * AR/CE 207 it waits and sends the same message (same MSH-10) again, until a final answer.
 */
export async function sendUntilAnswered(
  client: MllpClient,
  message: { controlId: string; text: string },
  policy: ResendPolicy = {},
): Promise<Delivered> {
  const sentAt = Date.now();
  const deadline = sentAt + (policy.giveUpAfterMs ?? 300_000);
  for (let attempts = 1; ; attempts += 1) {
    let last: string;
    try {
      const ack = parseAck(await client.send(message.text));
      if (!isTryLater(ack)) return { controlId: message.controlId, ack, attempts, sentAt, answeredAt: Date.now() };
      last = `${ack.code} ${ack.errors.join('; ')}`;
    } catch (error) {
      last = error instanceof Error ? error.message : String(error);
      await client.close(); // the next send opens a fresh connection
    }
    if (Date.now() > deadline)
      throw new Error(`${message.controlId}: no final answer after ${attempts} sends (${last})`);
    await sleep(policy.retryDelayMs ?? 500);
  }
}

/**
 * Sends lanes of messages over `connections` MLLP connections: each lane (one patient's messages)
 * in order on one connection, the next message once the last is answered; lanes are shared out as
 * connections become free. `onAnswer` sees each final answer as it arrives.
 */
export async function sendLanes(
  port: number,
  lanes: readonly { messages: readonly { controlId: string; text: string }[] }[],
  options: ResendPolicy & { connections: number; onAnswer?: (delivered: Delivered) => void },
): Promise<Delivered[]> {
  const delivered: Delivered[] = [];
  let next = 0;
  const connection = async () => {
    const client = new MllpClient(port, '127.0.0.1', { timeoutMs: options.timeoutMs ?? 30_000 });
    try {
      for (let lane = lanes[next++]; lane !== undefined; lane = lanes[next++]) {
        for (const message of lane.messages) {
          const answer = await sendUntilAnswered(client, message, options);
          delivered.push(answer);
          options.onAnswer?.(answer);
        }
      }
    } finally {
      await client.close();
    }
  };
  await Promise.all(Array.from({ length: options.connections }, connection));
  return delivered;
}
