import { randomBytes } from 'node:crypto';

/**
 * A fresh alphanumeric value (`Paging7f3a9c1e`), so a test finds exactly the resources it made even
 * on a server that other tests (or earlier runs) already filled. Letters and digits only: it is
 * used as a search value, where `, | $ \` would need escaping.
 */
export function uniqueTag(prefix: string): string {
  return `${prefix}${randomBytes(5).toString('hex')}`;
}
