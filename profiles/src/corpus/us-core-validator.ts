import { DefinitionRegistry } from '../definitions/definition-registry.js';
import { ProfileValidator } from '../profile-validator.js';
import { SchemaValidator } from '../schema/schema-validator.js';
import { usCorePackagePaths } from '../test-support/us-core-package-paths.js';

/** `shared/data/us-core-packages/hl7.fhir.us.core-<version>.tgz`, oldest first; `[]` when the folder is absent. */
export function usCorePackages(): { version: string; path: string }[] {
  return (usCorePackagePaths() ?? [])
    .map((path) => ({ version: /hl7\.fhir\.us\.core-(.+)\.tgz$/.exec(path)?.[1] ?? '', path }))
    .sort((a, b) => a.version.localeCompare(b.version, 'en', { numeric: true }));
}

/** A validator over the base R4 definitions and the given packages, loaded through the registry. */
export function validatorWithPackages(paths: readonly string[]): ProfileValidator {
  const registry = DefinitionRegistry.create();
  for (const path of paths) registry.loadPackage(path);
  return new ProfileValidator(SchemaValidator.shared(), registry);
}
