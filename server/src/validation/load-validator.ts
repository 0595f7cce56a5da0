import { accessSync, constants } from 'node:fs';
import { DefinitionRegistry, SchemaValidator } from '@nexushealth/profiles';
import type { ResourceValidator } from './resource-validator.js';
import { ProfileResourceValidator } from './profile-resource-validator.js';
import type { ValidationSettings } from './validation-settings.js';

/**
 * The validator the server runs with, from its settings; a setting it cannot honour stops the
 * start with a message naming it (an IG package it cannot read, a required profile it does not
 * know) rather than serving writes checked less than configured.
 */
export function loadResourceValidator(settings: ValidationSettings): ResourceValidator {
  for (const path of settings.igPackages) {
    try {
      accessSync(path, constants.R_OK);
    } catch {
      throw new Error(`IG_PACKAGES: cannot read the package ${path}`);
    }
  }
  const validator = new ProfileResourceValidator(SchemaValidator.shared(), DefinitionRegistry.create(), settings);
  assertRequiredProfilesKnown(validator, settings.requiredProfiles);
  return validator;
}

function assertRequiredProfilesKnown(
  validator: ResourceValidator,
  required: ValidationSettings['requiredProfiles'],
): void {
  for (const [type, profiles] of required) {
    if (!validator.isResourceType(type)) throw new Error(`REQUIRED_PROFILES: ${type} is no R4 resource type`);
    const unknown = profiles.find((url) => !validator.hasProfile(url));
    if (unknown !== undefined) {
      throw new Error(
        `REQUIRED_PROFILES: no StructureDefinition ${unknown} is loaded (R4, profiles/definitions, IG_PACKAGES)`,
      );
    }
  }
}
