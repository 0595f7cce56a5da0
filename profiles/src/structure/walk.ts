import type { OperationOutcomeIssue } from '@medplum/fhirtypes';
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

  constructor(
    readonly trees: ElementTrees,
    readonly primitives: PrimitiveRules,
    readonly options: WalkOptions,
  ) {}

  error(code: IssueCode, diagnostics: string, expression: string): void {
    this.report('error', code, diagnostics, expression);
  }

  report(severity: Severity, code: IssueCode, diagnostics: string, expression: string): void {
    this.issues.push({ severity, code, diagnostics, expression: [expression] });
  }
}
