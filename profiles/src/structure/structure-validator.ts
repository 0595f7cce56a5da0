import type { OperationOutcomeIssue } from '@medplum/fhirtypes';
import { isJsonObject } from '../schema/is-json-object.js';
import { dedupeAndCap } from '../schema/issue-list.js';
import type { InvariantChecker } from '../invariants/invariant-checker.js';
import type { BindingChecker } from '../terminology/binding-checker.js';
import { ElementTrees } from './element-trees.js';
import { PrimitiveRules } from './primitive-rules.js';
import type { StructureDefinitionSource } from './structure-definition-source.js';
import { StructureWalker } from './structure-walker.js';
import { Walk, type UnknownExtensionRule } from './walk.js';

export interface StructureValidationOptions {
  /** `base`: the base R4 definitions only; `profiles` (default): also each profile in `meta.profile`. */
  readonly mode?: 'base' | 'profiles';
  /** Profiles the resource must conform to whatever it claims (`$validate`'s `profile`); unknown ones are errors. */
  readonly profiles?: readonly string[];
  /** Per resource type, profiles required of every resource of that type (`profiles` mode only). */
  readonly requiredProfiles?: Readonly<Record<string, readonly string[]>>;
  /** What an extension with an unknown url yields; default `warning`. */
  readonly unknownExtensions?: UnknownExtensionRule;
}

/**
 * The StructureDefinition layer (http://hl7.org/fhir/R4/validation.html#structure): a parsed
 * resource against the compiled trees of its definitions. It assumes nothing of the JSON shape, so
 * it can run on input the schema layer already refused; a value that is no resource yields `[]`
 * (the schema layer reports it).
 */
export class StructureValidator {
  readonly trees: ElementTrees;
  private readonly primitives: PrimitiveRules;

  /** Without `bindings`, terminology bindings are not checked. */
  constructor(
    source: StructureDefinitionSource,
    private readonly bindings?: BindingChecker,
    /** Without `invariants`, FHIRPath constraints are not evaluated. */
    private readonly invariants?: InvariantChecker,
  ) {
    this.trees = new ElementTrees(source);
    this.primitives = new PrimitiveRules(this.trees);
  }

  validate(resource: unknown, options: StructureValidationOptions = {}): OperationOutcomeIssue[] {
    if (!isJsonObject(resource) || typeof resource.resourceType !== 'string') return [];
    const mode = options.mode ?? 'profiles';
    const walkOptions = { mode, unknownExtensions: options.unknownExtensions ?? 'warning' } as const;
    const walk = new Walk(this.trees, this.primitives, walkOptions, this.bindings, this.invariants);
    const required = mode === 'profiles' ? (options.requiredProfiles?.[resource.resourceType] ?? []) : [];
    new StructureWalker(walk).resource(resource, resource.resourceType, [...(options.profiles ?? []), ...required]);
    // A resource walked against its base type and a profile meets the same fact twice: said once.
    return dedupeAndCap(withoutRef1Restated([...walk.issues, ...walk.notes.issues()]), Infinity);
  }
}

/**
 * ref-1 ("SHALL have a contained resource if a local reference is provided") restates an
 * unresolved `#id`, which is said once as `not-found` at the reference (references.html#contained).
 */
function withoutRef1Restated(issues: OperationOutcomeIssue[]): OperationOutcomeIssue[] {
  const unresolved = new Set(issues.filter((i) => i.code === 'not-found').map((i) => i.expression?.[0]));
  return issues.filter(
    (i) =>
      !(
        i.code === 'invariant' &&
        i.diagnostics?.startsWith('ref-1:') &&
        unresolved.has(`${i.expression?.[0]}.reference`)
      ),
  );
}
