import type { OperationOutcomeIssue } from '@medplum/fhirtypes';
import type { InvariantChecker } from '../invariants/invariant-checker.js';
import type { BindingChecker } from '../terminology/binding-checker.js';
import { TerminologyNotes } from '../terminology/terminology-notes.js';
import type { ElementTrees } from './element-trees.js';
import type { PrimitiveRules } from './primitive-rules.js';

/** What to do with an extension whose definition is not known (http://hl7.org/fhir/R4/extensibility.html). */
export type UnknownExtensionRule = 'ignore' | 'warning' | 'error';

export interface WalkOptions {
  /** `profiles`: also the profiles a resource claims in `meta.profile`; `base`: the base R4 definitions only. */
  readonly mode: 'base' | 'profiles';
  readonly unknownExtensions: UnknownExtensionRule;
}

type Severity = OperationOutcomeIssue['severity'];
type IssueCode = OperationOutcomeIssue['code'];

/** One validation run: the definitions, the options and the issues found so far. */
export class Walk {
  readonly issues: OperationOutcomeIssue[] = [];
  /** What terminology says once per validation (form-only systems, ValueSets not expandable here). */
  readonly notes = new TerminologyNotes();

  constructor(
    readonly trees: ElementTrees,
    readonly primitives: PrimitiveRules,
    readonly options: WalkOptions,
    /** Checks bindings; without one, bindings are not checked. */
    readonly bindings?: BindingChecker,
    /** Evaluates constraints (FHIRPath invariants); without one, they are not evaluated. */
    readonly invariants?: InvariantChecker,
  ) {}

  /** A walk with the same definitions and options and no issues yet: to test conformance on the side. */
  fork(): Walk {
    return new Walk(this.trees, this.primitives, this.options, this.bindings, this.invariants);
  }

  error(code: IssueCode, diagnostics: string, expression: string): void {
    this.report('error', code, diagnostics, expression);
  }

  report(severity: Severity, code: IssueCode, diagnostics: string, expression: string): void {
    this.issues.push({ severity, code, diagnostics, expression: [expression] });
  }
}
