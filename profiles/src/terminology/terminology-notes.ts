import type { OperationOutcomeIssue } from '@medplum/fhirtypes';

/**
 * What one validation tells once, however many elements met it: the code systems whose codes were
 * checked for form only, and each ValueSet that could not be expanded here. Create one per
 * validation, pass it to every `checkBinding` call, then add `issues()` to the outcome.
 */
export class TerminologyNotes {
  private readonly formOnly = new Map<string, string>();
  private readonly unexpandable = new Map<string, OperationOutcomeIssue>();
  private firstFormOnly: string | undefined;

  /** A code of `system` (named `name`) was checked for form only, at `expression`. */
  formOnlySystem(system: string, name: string, expression: string): void {
    this.firstFormOnly ??= expression;
    if (!this.formOnly.has(system)) this.formOnly.set(system, name);
  }

  /** The ValueSet `url` could not be expanded here (http://hl7.org/fhir/R4/terminologies.html#strength). */
  valueSetNotSupported(url: string, why: string, expression: string): void {
    if (this.unexpandable.has(url)) return;
    this.unexpandable.set(url, {
      severity: 'warning',
      code: 'not-supported',
      diagnostics: `The value set ${url} cannot be expanded here (${why}); codes bound to it were not checked`,
      expression: [expression],
    });
  }

  issues(): OperationOutcomeIssue[] {
    const issues = [...this.unexpandable.values()];
    if (this.firstFormOnly !== undefined) {
      const systems = [...this.formOnly].map(([system, name]) => (name === system ? system : `${name} (${system})`));
      issues.push({
        severity: 'information',
        code: 'informational',
        diagnostics: `Codes of ${systems.join(', ')} were checked for form only: their content is not available here (no terminology server)`,
        expression: [this.firstFormOnly],
      });
    }
    return issues;
  }
}
