import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { sharedDataFolder } from './shared-data.js';

/** Every `hl7.fhir.us.core-<version>.tgz` of the sample data; undefined (the suite skips) without it. */
export function usCorePackagePaths(): string[] | undefined {
  const folder = sharedDataFolder('us-core-packages');
  if (!folder) return undefined;
  return readdirSync(folder)
    .filter((name) => name.endsWith('.tgz'))
    .map((name) => join(folder, name));
}
