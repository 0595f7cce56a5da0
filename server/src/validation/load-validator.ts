import { DefinitionRegistry, ProfileValidator, SchemaValidator, isError } from '@nexushealth/profiles';
import type { Logger } from '../interactions/engine-context.js';
import type { ResourceValidator } from './resource-validator.js';
import { ProfileResourceValidator } from './profile-resource-validator.js';
import type { ValidationSettings } from './validation-settings.js';

/**
 * The validator the server runs with, from its settings; a setting it cannot honour stops the
 * start with a message naming it (an IG package it cannot read or use, a required profile it does
 * not know) rather than serving writes checked less than configured.
 */
export function loadResourceValidator(settings: ValidationSettings, logger?: Logger): ResourceValidator {
  const definitions = DefinitionRegistry.create();
  // The base R4 files once per process, at start rather than in the first requests.
  definitions.preload();
  for (const path of settings.igPackages) loadPackage(definitions, path, logger);
  const schema = SchemaValidator.shared();
  const validator = new ProfileResourceValidator(schema, new ProfileValidator(schema, definitions), settings);
  assertRequiredProfilesKnown(validator, settings.requiredProfiles);
  return validator;
}

/** A package that cannot be read, or with a definition that cannot be used, stops the start; warnings are logged. */
function loadPackage(definitions: DefinitionRegistry, path: string, logger: Logger | undefined): void {
  const issues = definitions.loadPackage(path);
  const errors = issues.filter(isError);
  if (errors.length > 0) {
    const more = errors.length > 3 ? ` (and ${errors.length - 3} more)` : '';
    const first = errors.slice(0, 3).map((issue) => issue.diagnostics ?? issue.code);
    throw new Error(`IG_PACKAGES: ${path} is not loaded: ${first.join('; ')}${more}`);
  }
  if (issues.length > 0) logger?.warn('IG package loaded with warnings', { path, warnings: issues.length });
}

function assertRequiredProfilesKnown(
  validator: ResourceValidator,
  required: ValidationSettings['requiredProfiles'],
): void {
  for (const [type, profiles] of required) {
    if (!validator.isResourceType(type)) throw new Error(`REQUIRED_PROFILES: ${type} is no R4 resource type`);
    for (const url of profiles) {
      const constrained = validator.profileType(url);
      if (constrained === undefined) {
        throw new Error(
          `REQUIRED_PROFILES: no StructureDefinition ${url} is loaded (R4, profiles/definitions, IG_PACKAGES)`,
        );
      }
      if (constrained !== type) throw new Error(`REQUIRED_PROFILES: ${url} describes ${constrained}, not ${type}`);
    }
  }
}
