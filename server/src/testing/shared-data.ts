import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

/**
 * A folder of the sample data in `shared/data` (never copied into the repo): `NEXUS_SHARED_DATA`,
 * else `<repo>/../shared/data`. Undefined when absent, so a suite can skip; an error under CI.
 */
export function requireSharedData(name: string): string | undefined {
  const root = process.env.NEXUS_SHARED_DATA ?? fileURLToPath(new URL('../../../../shared/data', import.meta.url));
  const folder = join(root, name);
  if (existsSync(folder)) return folder;
  if (process.env.CI) throw new Error(`shared data folder ${folder} is missing (CI must have it)`);
  console.warn(`      skipped: shared data folder ${folder} is absent`);
  return undefined;
}
