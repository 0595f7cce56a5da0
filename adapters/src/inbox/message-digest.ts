import { createHash } from 'node:crypto';
import type { InboxEntry } from './inbox.js';

/**
 * What tells a resend from another message under a reused control id (MSH-10, v2.5.1 §2.14.9.10):
 * sha-256 (hex) of the decoded text with its segment terminators normalised to one CR each and none
 * at the end, so that a resend through a relay that rewrote CR as CR LF (or added a final one) still
 * matches. Anything else that differs, MSH-7 included, makes it another message.
 */
export function messageDigest(raw: string): string {
  const text = raw.replace(/\r\n|\n|\r/g, '\r').replace(/\r+$/, '');
  return createHash('sha256').update(text, 'utf8').digest('hex');
}

/** Whether a message of `digest` under `entry`'s key is another message (an entry without digest matches any). */
export function digestConflicts(entry: Pick<InboxEntry, 'digest'>, digest: string): boolean {
  return entry.digest !== undefined && entry.digest !== digest;
}
