import { expect } from 'chai';
import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

/**
 * A folder of the real sample data in `shared/data` (never copied into the repo): from
 * `NEXUS_SHARED_DATA`, else `<repo>/../shared/data`. Undefined, with a message, when it is absent,
 * so a suite can skip; under CI (`process.env.CI`) an absent folder is an error instead.
 */
export function sharedDataFolder(name: string): string | undefined {
  const root = process.env.NEXUS_SHARED_DATA ?? fileURLToPath(new URL('../../../../shared/data', import.meta.url));
  const folder = join(root, name);
  if (existsSync(folder)) return folder;
  if (process.env.CI) throw new Error(`shared data folder ${folder} is missing (CI must have it)`);
  console.warn(`      skipped: shared data folder ${folder} is absent`);
  return undefined;
}

/** The file names of the official R4 examples (hl7.fhir.r4.examples 4.0.1) in `folder`: all 716, no `_index.json`. */
export function r4ExampleFiles(folder: string): string[] {
  const files = readdirSync(folder).filter((file) => file.endsWith('.json') && file !== '_index.json');
  expect(files).to.have.length(716);
  return files;
}
