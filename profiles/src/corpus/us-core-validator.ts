import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { DefinitionRegistry } from '../definitions/definition-registry.js';
import { ProfileValidator } from '../profile-validator.js';
import { SchemaValidator } from '../schema/schema-validator.js';
import { sharedDataFolder } from '../test-support/shared-data.js';

/** `shared/data/us-core-packages/hl7.fhir.us.core-<version>.tgz`, oldest first; `[]` when the folder is absent. */
export function usCorePackages(): { version: string; path: string }[] {
  const folder = sharedDataFolder('us-core-packages');
  if (!folder) return [];
  return readdirSync(folder)
    .map((name) => ({ version: /^hl7\.fhir\.us\.core-(.+)\.tgz$/.exec(name)?.[1], path: join(folder, name) }))
    .filter((entry): entry is { version: string; path: string } => entry.version !== undefined)
    .sort((a, b) => a.version.localeCompare(b.version, 'en', { numeric: true }));
}

/** A validator over the base R4 definitions and the given packages, loaded through the registry. */
export function validatorWithPackages(paths: readonly string[]): ProfileValidator {
  const registry = DefinitionRegistry.create();
  for (const path of paths) registry.loadPackage(path);
  return new ProfileValidator(SchemaValidator.shared(), registry);
}
