import type { OperationOutcomeIssue } from '@medplum/fhirtypes';
import { DefinitionRegistry } from './definitions/definition-registry.js';
import { dedupeAndCap } from './schema/issue-list.js';
import { SchemaValidator } from './schema/schema-validator.js';
import { StructureValidator, type StructureValidationOptions } from './structure/structure-validator.js';

/** Options of one validation (http://hl7.org/fhir/R4/validation.html). */
export type ProfileValidationOptions = StructureValidationOptions;

/** As the schema layer: more issues than this help nobody fix a resource. */
const MAX_ISSUES = 100;

let sharedInstance: ProfileValidator | undefined;

/**
 * Validation of a resource in two layers (http://hl7.org/fhir/R4/validation.html): the R4 JSON
 * schema first (SchemaValidator: JSON shape), then the StructureDefinition layer (cardinality,
 * types, profiles, extensions, references) over the definitions of its DefinitionRegistry. Where
 * the schema layer already reported a location, the second layer's issues there are follow-ons
 * and left out; the rest are deduped (one per code and location) and capped at 100.
 */
export class ProfileValidator {
  /** The concrete R4 resource types. */
  readonly resourceTypes: ReadonlySet<string>;
  private readonly structure: StructureValidator;

  constructor(
    private readonly schema: SchemaValidator,
    private readonly registry: DefinitionRegistry,
  ) {
    this.resourceTypes = schema.resourceTypes;
    this.structure = new StructureValidator(registry);
  }

  /** One validator per process, over the process-wide registry (`DefinitionRegistry.r4()`). */
  static shared(): ProfileValidator {
    sharedInstance ??= new ProfileValidator(SchemaValidator.shared(), DefinitionRegistry.r4());
    return sharedInstance;
  }

  /** The definitions validation reads; what is added to them counts from the next validation on. */
  get definitions(): DefinitionRegistry {
    return this.registry;
  }

  isResourceType(name: string): boolean {
    return this.schema.isResourceType(name);
  }

  /** Whether a StructureDefinition with this canonical (`url` or `url|version`) is known. */
  hasProfile(canonical: string): boolean {
    return this.registry.structureDefinition(canonical) !== undefined;
  }

  /** Every issue, all severities; `[]` when the resource is valid and nothing is worth saying. */
  validate(resource: unknown, options: ProfileValidationOptions = {}): OperationOutcomeIssue[] {
    const schemaIssues = this.schema.validate(resource);
    // Capped already: the resource is broken throughout and more issues would only be cut off.
    if (schemaIssues.length > MAX_ISSUES) return schemaIssues;
    const flagged = new Set(schemaIssues.map(location));
    const structureIssues = this.structure.validate(resource, options).filter((issue) => !flagged.has(location(issue)));
    return dedupeAndCap([...schemaIssues, ...structureIssues], MAX_ISSUES);
  }
}

function location(issue: OperationOutcomeIssue): string {
  return issue.expression?.join(',') ?? '';
}
