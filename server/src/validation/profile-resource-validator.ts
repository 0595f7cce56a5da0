import type { OperationOutcomeIssue, Resource } from '@medplum/fhirtypes';
import type { DefinitionRegistry, SchemaValidator } from '@nexushealth/profiles';
import type { ResourceValidator, ValidateOptions } from './resource-validator.js';
import type { ValidationSettings } from './validation-settings.js';

/**
 * The ResourceValidator of `@nexushealth/profiles`: the JSON-schema layer
 * (http://hl7.org/fhir/R4/json.html#schema) over the definitions in force, a DefinitionRegistry
 * of the R4 core, IG packages and the definitions stored on this server.
 */
export class ProfileResourceValidator implements ResourceValidator {
  readonly resourceTypes: ReadonlySet<string>;
  readonly level: ValidationSettings['level'];

  constructor(
    private readonly schema: SchemaValidator,
    private readonly definitions: DefinitionRegistry,
    private readonly settings: Pick<ValidationSettings, 'level' | 'requiredProfiles'>,
  ) {
    this.resourceTypes = schema.resourceTypes;
    this.level = settings.level;
  }

  isResourceType(name: string): boolean {
    return this.schema.isResourceType(name);
  }

  validate(resource: unknown, _options: ValidateOptions = {}): OperationOutcomeIssue[] {
    return this.schema.validate(resource);
  }

  profileType(canonical: string): string | undefined {
    return this.definitions.structureDefinition(canonical)?.type;
  }

  requiredProfiles(resourceType: string): readonly string[] {
    return this.settings.requiredProfiles.get(resourceType) ?? [];
  }

  supportedProfiles(resourceType: string): readonly string[] {
    return this.requiredProfiles(resourceType);
  }

  checkDefinition(resource: Resource): OperationOutcomeIssue[] {
    return this.definitions.check(resource);
  }

  addDefinition(resource: Resource): OperationOutcomeIssue[] {
    return this.definitions.add(resource);
  }

  removeDefinition(canonical: string): void {
    this.definitions.remove(canonical);
  }
}
