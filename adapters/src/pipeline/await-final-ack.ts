import type { Hl7Inbox } from '../inbox/inbox.js';

const delay = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * The final ACK of inbox entry `id` once it is decided (processed or dead-lettered), polling until
 * `deadline` (epoch ms); undefined if it is not decided by then.
 */
export async function awaitFinalAck(inbox: Hl7Inbox, id: string, deadline: number): Promise<string | undefined> {
  for (;;) {
    const entry = await inbox.get(id);
    if (entry?.ack !== undefined && (entry.status === 'processed' || entry.status === 'dead-lettered'))
      return entry.ack;
    if (Date.now() >= deadline) return undefined;
    await delay(Math.min(50, Math.max(1, deadline - Date.now())));
  }
}
