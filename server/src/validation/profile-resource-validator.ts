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
  readonly #loadedProfiles: ReadonlyMap<string, readonly string[]>;

  constructor(
    private readonly schema: SchemaValidator,
    private readonly profiles: ProfileValidator,
    private readonly settings: Pick<ValidationSettings, 'level' | 'requiredProfiles'>,
  ) {
    this.resourceTypes = profiles.resourceTypes;
    this.level = settings.level;
    this.#loadedProfiles = profilesByType(profiles.definitions.added('StructureDefinition'));
  }

  isResourceType(name: string): boolean {
    return this.profiles.isResourceType(name);
  }

  validate(resource: unknown, { level = this.level, profiles = [] }: ValidateOptions = {}): OperationOutcomeIssue[] {
    if (level === 'off') return this.schema.validate(resource);
    return this.profiles.validate(resource, {
      mode: level,
      profiles,
      requiredProfiles: Object.fromEntries(this.settings.requiredProfiles),
    });
  }

  profileType(canonical: string): string | undefined {
    return this.profiles.definitions.structureDefinition(canonical)?.type;
  }

  requiredProfiles(resourceType: string): readonly string[] {
    return this.settings.requiredProfiles.get(resourceType) ?? [];
  }

  /** Required ones, and the profiles of the type loaded at start (the project's, IG packages). */
  supportedProfiles(resourceType: string): readonly string[] {
    return [...new Set([...this.requiredProfiles(resourceType), ...(this.#loadedProfiles.get(resourceType) ?? [])])];
  }

  precheckDefinition(resource: Resource): OperationOutcomeIssue[] {
    return this.profiles.definitions.precheck(resource);
  }

  checkDefinition(resource: Resource): OperationOutcomeIssue[] {
    return this.profiles.definitions.check(resource);
  }

  addDefinition(resource: Resource, origin: string): OperationOutcomeIssue[] {
    return this.profiles.definitions.addStored(resource, origin);
  }

  removeDefinition(origin: string): void {
    this.profiles.definitions.removeStored(origin);
  }
}

/** The urls of the resource profiles among the definitions, by the type they constrain. */
function profilesByType(definitions: readonly Resource[]): ReadonlyMap<string, readonly string[]> {
  const byType = new Map<string, string[]>();
  for (const sd of definitions) {
    if (sd.resourceType !== 'StructureDefinition' || sd.kind !== 'resource' || sd.derivation !== 'constraint') continue;
    const urls = byType.get(sd.type) ?? [];
    if (!urls.includes(sd.url ?? '')) byType.set(sd.type, [...urls, sd.url ?? '']);
  }
  return byType;
}
