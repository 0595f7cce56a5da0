import type { OperationOutcomeIssue } from '@medplum/fhirtypes';
import type { SchemaValidator } from '@nexushealth/profiles';
import type { ResourceValidator } from './resource-validator.js';
import type { ValidationLevel } from './validation-settings.js';

/**
 * The JSON-schema layer alone (http://hl7.org/fhir/R4/json.html#schema), until the
 * StructureDefinition layer is wired in: it knows no profiles and keeps no definitions.
 */
export class SchemaResourceValidator implements ResourceValidator {
  readonly resourceTypes: ReadonlySet<string>;

  constructor(
    private readonly schema: SchemaValidator,
    readonly level: ValidationLevel = 'profiles',
    private readonly required: ReadonlyMap<string, readonly string[]> = new Map(),
  ) {
    this.resourceTypes = schema.resourceTypes;
  }

  isResourceType(name: string): boolean {
    return this.schema.isResourceType(name);
  }

  validate(resource: unknown): OperationOutcomeIssue[] {
    return this.schema.validate(resource);
  }

  hasProfile(): boolean {
    return false;
  }

  requiredProfiles(resourceType: string): readonly string[] {
    return this.required.get(resourceType) ?? [];
  }

  supportedProfiles(resourceType: string): readonly string[] {
    return this.requiredProfiles(resourceType);
  }

  checkDefinition(): OperationOutcomeIssue[] {
    return [];
  }

  addDefinition(): OperationOutcomeIssue[] {
    return [];
  }

  removeDefinition(): void {}
}
