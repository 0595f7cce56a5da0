import type { OperationOutcomeIssue } from '@medplum/fhirtypes';
import { compileR4Schema, type CompiledR4Schema } from './compile-r4-schema.js';
import { withoutFollowOnErrors } from './follow-on-errors.js';
import { dedupeAndCap } from './issue-list.js';
import { MAX_JSON_DEPTH, nestsDeeperThan } from './json-depth.js';
import { issueFromAjvError } from './issue-from-ajv-error.js';

/** More issues than this help nobody fix a resource; the rest are counted, not listed. */
const MAX_ISSUES = 100;

/** The answer for a resource too deep to check (the server refuses such bodies before this). */
function tooDeep(): OperationOutcomeIssue {
  return {
    severity: 'error',
    code: 'too-costly',
    diagnostics: `The resource nests deeper than ${MAX_JSON_DEPTH} levels of JSON objects and arrays; it is not validated`,
  };
}

let sharedInstance: SchemaValidator | undefined;

/**
 * The first validation layer: a resource against the official R4 JSON schema
 * (https://hl7.org/fhir/R4/json.html#schema). It checks JSON shape only: known properties,
 * JSON types, primitive formats, required elements and required code lists. Profiles,
 * cardinality and invariants belong to the StructureDefinition layer.
 */
export class SchemaValidator {
  /** The 146 concrete R4 resource types. */
  readonly resourceTypes: ReadonlySet<string>;
  private readonly compiled: CompiledR4Schema;

  private constructor(compiled: CompiledR4Schema) {
    this.compiled = compiled;
    this.resourceTypes = compiled.resourceTypes;
  }

  /** Compiles the schema (about 1.5-2.5 s, synchronous); keep the result. */
  static load(): SchemaValidator {
    return new SchemaValidator(compileR4Schema());
  }

  /** One validator per process, compiled on first use. */
  static shared(): SchemaValidator {
    sharedInstance ??= SchemaValidator.load();
    return sharedInstance;
  }

  isResourceType(name: string): boolean {
    return this.resourceTypes.has(name);
  }

  /**
   * `[]` when the resource is valid; otherwise error issues with FHIRPath expressions. Never
   * throws: a resource nested deeper than MAX_JSON_DEPTH is one `too-costly` issue, unchecked.
   */
  validate(resource: unknown): OperationOutcomeIssue[] {
    if (nestsDeeperThan(resource, MAX_JSON_DEPTH)) return [tooDeep()];
    const errors = this.compiled.check(resource, '');
    if (errors.length === 0) return [];
    return dedupeAndCap(
      withoutFollowOnErrors(errors).map((error) => issueFromAjvError(resource, error)),
      MAX_ISSUES,
    );
  }
}
