import type { ElementDefinition, OperationOutcomeIssue, StructureDefinition } from '@medplum/fhirtypes';
import fhirpath from 'fhirpath';
import { error } from './definition-issue.js';

/** Types that stand for any resource: a profile may narrow them to a resource type. */
const ANY_RESOURCE: ReadonlySet<string> = new Set(['Resource', 'DomainResource']);

/**
 * What a profile may not do (http://hl7.org/fhir/R4/profiling.html#cardinality, #types): each
 * element stated (the differential, else the snapshot) keeps `min` ≤ `max`, stays within its base
 * element's cardinality, uses only types its base element allows, and its constraints are FHIRPath
 * that compiles. `base` is the definition it constrains (undefined for none known: the base checks
 * are skipped). Elements that are not in the base snapshot under the same path (choice types
 * renamed, elements inside a type) are checked for themselves only.
 */
export function profilingIssues(
  sd: StructureDefinition,
  base: StructureDefinition | undefined,
): OperationOutcomeIssue[] {
  const [component, elements] = sd.differential?.element
    ? ['differential', sd.differential.element]
    : ['snapshot', sd.snapshot?.element ?? []];
  const baseElements = new Map((base?.snapshot?.element ?? []).map((e) => [e.path, e]));
  return elements.flatMap((element, i) => {
    const at = `StructureDefinition.${component}.element[${i}]`;
    const inBase = sd.derivation === 'constraint' ? baseElements.get(element.path) : undefined;
    return [
      ...cardinalityIssues(element, inBase, at),
      ...typeIssues(element, inBase, at),
      ...constraintIssues(element, at),
    ];
  });
}

function maxOf(max: string | undefined): number | undefined {
  if (max === undefined) return undefined;
  return max === '*' ? Infinity : Number(max);
}

function cardinalityIssues(
  element: ElementDefinition,
  base: ElementDefinition | undefined,
  at: string,
): OperationOutcomeIssue[] {
  const min = element.min ?? base?.min;
  const max = maxOf(element.max ?? base?.max);
  if (min !== undefined && max !== undefined && min > max) {
    return [error('invalid', `${element.path}: min is above max`, `${at}.min`)];
  }
  const issues: OperationOutcomeIssue[] = [];
  if (element.min !== undefined && base?.min !== undefined && element.min < base.min) {
    issues.push(error('invalid', `${element.path}: min below the base's ${base.min}`, `${at}.min`));
  }
  const baseMax = maxOf(base?.max);
  if (element.max !== undefined && baseMax !== undefined && (max ?? 0) > baseMax) {
    issues.push(error('invalid', `${element.path}: max above the base's ${base?.max ?? ''}`, `${at}.max`));
  }
  return issues;
}

function typeIssues(
  element: ElementDefinition,
  base: ElementDefinition | undefined,
  at: string,
): OperationOutcomeIssue[] {
  const allowed = new Set((base?.type ?? []).map((t) => t.code));
  if (allowed.size === 0 || [...allowed].some((code) => ANY_RESOURCE.has(code))) return [];
  return (element.type ?? []).flatMap((type, j) =>
    allowed.has(type.code)
      ? []
      : [error('invalid', `${element.path}: type ${type.code} is not one its base allows`, `${at}.type[${j}].code`)],
  );
}

function constraintIssues(element: ElementDefinition, at: string): OperationOutcomeIssue[] {
  return (element.constraint ?? []).flatMap((constraint, j) => {
    if (constraint.expression === undefined) return [];
    try {
      fhirpath.parse(constraint.expression);
      return [];
    } catch {
      return [error('invalid', `Constraint ${constraint.key} is no FHIRPath`, `${at}.constraint[${j}].expression`)];
    }
  });
}
