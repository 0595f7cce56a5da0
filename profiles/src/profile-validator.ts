import type { OperationOutcomeIssue } from '@medplum/fhirtypes';
import { DefinitionRegistry } from './definitions/definition-registry.js';
import { dedupeAndCap } from './schema/issue-list.js';
import { SchemaValidator } from './schema/schema-validator.js';
import { InvariantChecker } from './invariants/invariant-checker.js';
import { BindingChecker } from './terminology/binding-checker.js';
import { Terminology } from './terminology/terminology.js';
import { StructureValidator, type StructureValidationOptions } from './structure/structure-validator.js';
import { isError } from './is-error.js';

/** Options of one validation (http://hl7.org/fhir/R4/validation.html). */
export type ProfileValidationOptions = StructureValidationOptions;

/** As the schema layer: more issues than this help nobody fix a resource. */
const MAX_ISSUES = 100;

let sharedInstance: ProfileValidator | undefined;

/**
 * Validation of a resource in two layers (http://hl7.org/fhir/R4/validation.html): the R4 JSON
 * schema first (SchemaValidator: JSON shape), then the StructureDefinition layer (cardinality,
 * types, profiles, extensions, references, bindings) over the definitions of its DefinitionRegistry:
 * one layer per location, then one issue per code and location, at most 100.
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
    const bindings = new BindingChecker(new Terminology(registry));
    this.structure = new StructureValidator(registry, bindings, new InvariantChecker());
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
    // too-costly: nested past MAX_JSON_DEPTH, no recursive walk may see it.
    if (schemaIssues.length > MAX_ISSUES || schemaIssues.some((issue) => issue.code === 'too-costly')) {
      return schemaIssues;
    }
    const structureIssues = this.structure.validate(resource, options);
    return dedupeAndCap(oneLayerPerLocation(schemaIssues, structureIssues), MAX_ISSUES);
  }
}

/**
 * Where both layers speak of one location, one of them is heard: the StructureDefinition layer when
 * it has an error there (its codes are the finer ones: `code-invalid` for a code list, `value` for
 * a range), else the schema layer (the other's warnings there are follow-ons of a broken value).
 */
function oneLayerPerLocation(
  schemaIssues: readonly OperationOutcomeIssue[],
  structureIssues: readonly OperationOutcomeIssue[],
): OperationOutcomeIssue[] {
  const schemaAt = new Set(schemaIssues.map(location));
  const structureErrorAt = new Set(structureIssues.filter(isError).map(location));
  return [
    ...schemaIssues.filter((issue) => !structureErrorAt.has(location(issue))),
    ...structureIssues.filter((issue) => structureErrorAt.has(location(issue)) || !schemaAt.has(location(issue))),
  ];
}

function location(issue: OperationOutcomeIssue): string {
  return issue.expression?.join(',') ?? '';
}
