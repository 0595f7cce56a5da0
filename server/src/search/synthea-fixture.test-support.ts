import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Bundle, Resource } from '@medplum/fhirtypes';
import { sharedDataFolder } from '../api/shared-data.js';

/**
 * One Synthea patient bundle with its `urn:uuid:` references rewritten to `Type/id`, as the
 * transaction interaction stores them (http://hl7.org/fhir/R4/bundle.html#references).
 */
export function loadSyntheaPatientBundle(): Resource[] {
  const folder = sharedDataFolder('synthea-hiv-bundles');
  if (!folder) throw new Error('the Synthea sample bundles (shared/data/synthea-hiv-bundles) are needed here');
  const file = join(folder, 'Cecelia952_Romaguera67_f1731e33-dc55-4ee8-72d7-cece2e49bedd.json');
  const bundle = JSON.parse(readFileSync(file, 'utf8')) as Bundle;
  const local = new Map<string, string>();
  for (const e of bundle.entry ?? [])
    if (e.fullUrl && e.resource) local.set(e.fullUrl, `${e.resource.resourceType}/${e.resource.id}`);
  const text = JSON.stringify((bundle.entry ?? []).map((e) => e.resource));
  return JSON.parse(text, (key, value: unknown) =>
    key === 'reference' && typeof value === 'string' ? (local.get(value) ?? value) : value,
  ) as Resource[];
}
