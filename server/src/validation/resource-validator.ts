import type { OperationOutcomeIssue, Resource } from '@medplum/fhirtypes';
import type { ValidationLevel } from './validation-settings.js';

export interface ValidateOptions {
  /** Overrides the configured level ($validate always judges at `profiles`). */
  level?: ValidationLevel;
  /** Profiles to check besides those claimed and required ($validate's `profile`). */
  profiles?: readonly string[];
}

/** The resource types that carry definitions validation uses (structuredefinition.html, terminologies.html). */
export const DEFINITION_TYPES: readonly string[] = ['StructureDefinition', 'ValueSet', 'CodeSystem'];

/**
 * What the server needs of validation (http://hl7.org/fhir/R4/validation.html): the resource
 * types, the issues of a resource at the configured level, and the definitions in force, which
 * change while the server runs (StructureDefinitions, ValueSets and CodeSystems written to it).
 */
export interface ResourceValidator {
  /** The level writes are checked at (VALIDATION). */
  readonly level: ValidationLevel;
  /** The concrete R4 resource types. */
  readonly resourceTypes: ReadonlySet<string>;
  isResourceType(name: string): boolean;
  /** Every issue, all severities; only errors and fatals refuse a write. */
  validate(resource: unknown, options?: ValidateOptions): OperationOutcomeIssue[];
  /** The type the StructureDefinition of this canonical (`url` or `url|version`) describes; undefined when none is known. */
  profileType(canonical: string): string | undefined;
  /** The profiles every resource of the type must conform to (REQUIRED_PROFILES). */
  requiredProfiles(resourceType: string): readonly string[];
  /** The profiles of the type declared in the CapabilityStatement: required and from IG packages. */
  supportedProfiles(resourceType: string): readonly string[];
  /** The cheap part of `checkDefinition` (too large; an owned url warns), run before the definition is validated. */
  precheckDefinition(resource: Resource): OperationOutcomeIssue[];
  /** Why a definition (DEFINITION_TYPES) written to the server cannot be used; `[]` when it can. */
  checkDefinition(resource: Resource): OperationOutcomeIssue[];
  /**
   * Puts a stored definition in force under `origin` (its `Type/id`); refused (errors) when its url
   * is the R4 core's, the project's or an IG package's, which it never replaces.
   */
  addDefinition(resource: Resource, origin: string): OperationOutcomeIssue[];
  /** Takes out of force what the stored resource `origin` put in, and nothing else. */
  removeDefinition(origin: string): void;
}
