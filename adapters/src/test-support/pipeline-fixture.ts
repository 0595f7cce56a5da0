import { MemoryInbox } from '../inbox/memory-inbox.js';
import { createHl7Receiver, type Hl7ReceiverOptions } from '../pipeline/receiver.js';
import { createHl7Worker, type Hl7WorkerOptions } from '../pipeline/worker.js';
import { segment } from './adt-fixture.js';
import { MemoryFhirSink } from './memory-fhir-sink.js';
import { TestQueue } from './test-queue.js';

export interface AdtFields {
  readonly trigger?: string;
  readonly controlId?: string;
  /** EVN-2, the event time (default 20240102030405). */
  readonly time?: string;
  readonly mrn?: string;
  readonly family?: string;
  /** MSH-15 accept acknowledgment type. */
  readonly accept?: string;
}

/** An ADT message from ADT^SGH about one patient with visit V-<mrn>; MSH-10 and the rest as given. */
export function adt(fields: AdtFields = {}): string {
  const { trigger = 'A01', controlId = 'C1', time = '20240102030405', mrn = 'MRN1', family = 'DOE' } = fields;
  const msh = `MSH|^~\\&|ADT|SGH|NEXUS|NH|${time}||ADT^${trigger}^ADT_A01|${controlId}|P|2.5.1|||${fields.accept ?? ''}`;
  return [
    msh,
    `EVN|${trigger}|${time}`,
    `PID|1||${mrn}^^^SGH^MR||${family}^JANE||19800101|F`,
    segment('PV1', { 1: '1', 2: 'I', 3: '4E^414^B^SGH', 19: `V-${mrn}^^^SGH^VN`, 44: time }),
  ].join('\r');
}

/** MSA-1 and MSA-2 of an ACK, and its ERR lines, read with the ACK's own field separator. */
export function ackOf(ack: string | Uint8Array | undefined): { code: string; controlId: string; errors: string[] } {
  const text = typeof ack === 'string' ? ack : Buffer.from(ack ?? []).toString('latin1');
  const sep = text.startsWith('MSH') ? text.charAt(3) : '|';
  const lines = text.split('\r');
  const msa = lines.find((l) => l.startsWith(`MSA${sep}`))?.split(sep) ?? [];
  return { code: msa[1] ?? '', controlId: msa[2] ?? '', errors: lines.filter((l) => l.startsWith(`ERR${sep}`)) };
}

/** A whole pipeline in process: MemoryInbox, TestQueue, worker, MemoryFhirSink, receiver. */
export function pipeline(
  options: {
    receiver?: Partial<Hl7ReceiverOptions>;
    worker?: Partial<Hl7WorkerOptions>;
    concurrency?: number;
    attempts?: number;
  } = {},
) {
  const inbox = new MemoryInbox();
  const sink = new MemoryFhirSink();
  const queue = new TestQueue({ attempts: options.attempts ?? 5, backoffMs: 5 });
  const work = createHl7Worker({ inbox, sink, maxAttempts: options.attempts ?? 5, orderWaitMs: 50, ...options.worker });
  queue.process(work, options.concurrency ?? 1);
  const receive = createHl7Receiver({ inbox, queue, replyTimeoutMs: 2000, ...options.receiver });
  return { inbox, sink, queue, work, receive, sender: { transport: 'mllp' as const, address: '10.1.2.3' } };
}
