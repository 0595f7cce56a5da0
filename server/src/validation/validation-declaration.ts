import type { ValidationLevel } from './validation-settings.js';

const LEVELS: Record<ValidationLevel, string> = {
  off: 'the R4 JSON schema only (VALIDATION=off)',
  base: 'the R4 JSON schema and the base R4 StructureDefinitions (VALIDATION=base)',
  profiles:
    'the R4 JSON schema, the base R4 StructureDefinitions, the profiles a resource claims in meta.profile and those this server requires of its type, supportedProfile (VALIDATION=profiles)',
};

/** How writes are validated, for the CapabilityStatement's `rest.documentation` (validation.html). */
export function validationDocumentation(level: ValidationLevel): string {
  return [
    `Create, update, patch and Bundle entries are validated against ${LEVELS[level]};`,
    'errors refuse the write (every issue with its expression: 400 for the R4 schema and base definitions,',
    '422 when only the profiles claimed or required are violated, http.html#create), warnings do not. $validate',
    '(type and instance level, modes create/update/delete, profile) always judges at the profiles',
    'level and answers 200 with the OperationOutcome (All OK when clean); an unknown profile is 400',
    'not-found. StructureDefinitions, ValueSets and CodeSystems written here are used for validation',
    'at once (in other processes within 5 s); an unusable StructureDefinition is refused (400: min above max, a',
    'cardinality or type its base does not allow, a constraint that is no FHIRPath; 422 too-costly past 5,000',
    'elements), one with a url',
    'of the R4 core (or under http://hl7.org/fhir/), of the project profiles or of an IG package is refused (422',
    'business-rule) and never replaces it. $validate takes profile as valueUri (valueCanonical too) and merges',
    'inputs of the URL of a POST with its Parameters body.',
  ].join(' ');
}
