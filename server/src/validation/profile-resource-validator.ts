import type { OperationOutcomeIssue, Resource } from '@medplum/fhirtypes';
import type { ProfileValidator, SchemaValidator } from '@nexushealth/profiles';
import type { ResourceValidator, ValidateOptions } from './resource-validator.js';
import type { ValidationSettings } from './validation-settings.js';

/**
 * The ResourceValidator of `@nexushealth/profiles` (http://hl7.org/fhir/R4/validation.html): the
 * JSON-schema layer alone at `off`, else the ProfileValidator (schema, then StructureDefinitions:
 * the base ones, and at `profiles` those claimed and required) over its DefinitionRegistry — the
 * R4 core, IG packages and the definitions stored on this server.
 */
export class ProfileResourceValidator implements ResourceValidator {
  readonly resourceTypes: ReadonlySet<string>;
  readonly level: ValidationSettings['level'];
  readonly #required: Readonly<Record<string, readonly string[]>>;

  constructor(
    private readonly schema: SchemaValidator,
    private readonly profiles: ProfileValidator,
    private readonly settings: Pick<ValidationSettings, 'level' | 'requiredProfiles'>,
  ) {
    this.resourceTypes = profiles.resourceTypes;
    this.level = settings.level;
    this.#required = Object.fromEntries(settings.requiredProfiles);
  }

  isResourceType(name: string): boolean {
    return this.profiles.isResourceType(name);
  }

  validate(resource: unknown, { level = this.level, profiles = [] }: ValidateOptions = {}): OperationOutcomeIssue[] {
    if (level === 'off') return this.schema.validate(resource);
    return this.profiles.validate(resource, { mode: level, profiles, requiredProfiles: this.#required });
  }

  profileType(canonical: string): string | undefined {
    return this.profiles.definitions.structureDefinition(canonical)?.type;
  }

  requiredProfiles(resourceType: string): readonly string[] {
    return this.settings.requiredProfiles.get(resourceType) ?? [];
  }

  supportedProfiles(resourceType: string): readonly string[] {
    return this.requiredProfiles(resourceType);
  }

  checkDefinition(resource: Resource): OperationOutcomeIssue[] {
    return this.profiles.definitions.check(resource);
  }

  addDefinition(resource: Resource): OperationOutcomeIssue[] {
    return this.profiles.definitions.add(resource);
  }

  removeDefinition(canonical: string): void {
    this.profiles.definitions.remove(canonical);
  }
}
