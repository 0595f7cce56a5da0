import { setTimeout as sleep } from 'node:timers/promises';

/**
 * Polls `probe` until `done` accepts its value or `timeoutMs` passes, then returns the last value.
 * For effects that land after the answer: in queued mode an HL7 v2 ACK means "stored in the inbox",
 * and the Patient appears once the worker has run.
 */
export async function eventually<T>(
  probe: () => Promise<T>,
  done: (value: T) => boolean,
  timeoutMs = 30_000,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (done(value) || Date.now() > deadline) return value;
    await sleep(200);
  }
}
