import fhirpath from 'fhirpath';
import r4 from 'fhirpath/fhir-context/r4';
import type { TypedValue } from './search-parameter-definition.js';
import { referenceTarget } from './reference-target.js';

/**
 * Search parameters test the target type of a reference with `resolve() is Patient`
 * (http://hl7.org/fhir/R4/fhirpath.html#functions). fhirpath.js can only resolve by fetching, so
 * the term is rewritten to `isReferenceTo('Patient')`, which reads the type from the reference
 * itself (Reference.type, else the Type segment of the literal reference) — what a server knows
 * at write time without loading the target.
 */
const RESOLVE_IS = /resolve\(\)\s+is\s+(?:FHIR\.)?([A-Za-z]+)/g;

const invocationTable = {
  isReferenceTo: {
    fn: (coll: unknown[], type: unknown): boolean[] => coll.map((item) => referenceType(item) === type),
    arity: { 1: ['String' as const] },
  },
};

function referenceType(item: unknown): string | undefined {
  if (typeof item !== 'object' || item === null) return undefined;
  const { type, reference } = item as { type?: unknown; reference?: unknown };
  if (typeof type === 'string') return type;
  return typeof reference === 'string' ? referenceTarget(reference)?.resourceType : undefined;
}

/** Splits an expression at its top-level `|` unions (outside parentheses and string literals). */
function unionTerms(expression: string): string[] {
  const terms: string[] = [];
  let depth = 0;
  let quoted = false;
  let start = 0;
  for (let i = 0; i < expression.length; i++) {
    const ch = expression[i];
    if (ch === "'" && expression[i - 1] !== '\\') quoted = !quoted;
    else if (quoted) continue;
    else if (ch === '(') depth++;
    else if (ch === ')') depth--;
    else if (ch === '|' && depth === 0) {
      terms.push(expression.slice(start, i).trim());
      start = i + 1;
    }
  }
  terms.push(expression.slice(start).trim());
  return terms;
}

/** The abstract types whose search parameters and expressions apply to every resource. */
export const ABSTRACT_BASES = ['Resource', 'DomainResource'];

/**
 * Keeps only the union terms of a multi-resource expression (e.g. clinical-patient lists 30
 * resource types) that apply to `resourceType`, so each resource evaluates just its own paths.
 */
export function narrowExpression(expression: string, resourceType: string): string {
  const heads = [resourceType, ...ABSTRACT_BASES];
  return (
    unionTerms(expression)
      // A term without a type (R4's InsurancePlan-name is `name | alias`) starts at the resource.
      .map((term) => (/^[a-z]/.test(term) ? `${resourceType}.${term}` : term))
      .filter((term) => {
        const head = /^\(*([A-Za-z]+)/.exec(term)?.[1];
        return head !== undefined && heads.includes(head);
      })
      .join(' | ')
  );
}

export type TypedEvaluator = (resource: unknown) => TypedValue[];

/**
 * The top-level elements an expression starts from (`Observation.effective…` → "effective"), or
 * undefined when a term starts elsewhere. Most parameters select nothing from a given resource;
 * checking these keys first skips the FHIRPath engine for them (the main indexing cost).
 */
function rootElements(expression: string): string[] | undefined {
  const roots: string[] = [];
  for (const term of unionTerms(expression)) {
    // A function (`Observation.descendants()`) is no element: such a term is always evaluated.
    const root = /^\(*[A-Za-z]+\.([a-z][A-Za-z0-9]*)(?![A-Za-z0-9(])/.exec(term)?.[1];
    if (root === undefined) return undefined;
    roots.push(root);
  }
  return roots;
}

/** Whether the resource has one of the elements, a choice type's suffixed names (effectiveDateTime) included. */
function hasAnyElement(resource: unknown, roots: string[]): boolean {
  if (typeof resource !== 'object' || resource === null) return true;
  for (const key of Object.keys(resource)) {
    for (const root of roots) {
      if (key === root || (key.startsWith(root) && /^[A-Z]/.test(key.charAt(root.length)))) return true;
    }
  }
  return false;
}

/**
 * Compiles a (narrowed) search parameter expression once, against the R4 model. Each top-level
 * union term is its own compiled expression and the results are concatenated: fhirpath.js's `|`
 * de-duplicates by comparing values and throws on a Quantity with a comparator (the official
 * example Observation-f205 has `valueQuantity.comparator`); the index de-duplicates anyway.
 */
export function compileExpression(expression: string): TypedEvaluator {
  const evaluate = compileTyped(expression);
  const roots = rootElements(expression);
  return (resource) => (roots && !hasAnyElement(resource, roots) ? [] : evaluate(resource, resource));
}

/**
 * Like `compileExpression`, without skipping resources that lack the elements the expression
 * starts from: to test an expression (check-search-parameter.ts), each term on its own.
 */
export function compileTerms(expression: string): Array<{ term: string; evaluate: TypedEvaluator }> {
  return unionTerms(expression).map((term) => {
    const evaluate = compileTyped(term);
    return { term, evaluate: (resource) => evaluate(resource, resource) };
  });
}

/**
 * Evaluates an expression relative to an element a previous evaluation returned (the typed path
 * fhirpath.js keeps on it lets `value.ofType(Quantity)` resolve the choice type), with `%resource`
 * bound to the resource: the components of a composite parameter (search.html#composite).
 */
export type RelativeEvaluator = (element: unknown, resource: unknown) => TypedValue[];

export function compileRelativeExpression(expression: string): RelativeEvaluator {
  const evaluate = compileTyped(expression);
  const roots = relativeRootElements(expression);
  return (element, resource) => (roots && !hasAnyElement(element, roots) ? [] : evaluate(element, resource));
}

/** `value.ofType(Quantity) | code` → ["value", "code"]; undefined when a term starts elsewhere. */
function relativeRootElements(expression: string): string[] | undefined {
  const roots = unionTerms(expression).map((term) => /^\(*([a-z][A-Za-z0-9]*)(?![A-Za-z0-9(])/.exec(term)?.[1]);
  return roots.every((root) => root !== undefined) ? roots : undefined;
}

function compileTyped(expression: string): RelativeEvaluator {
  const terms = unionTerms(expression.replace(RESOLVE_IS, (_m, type: string) => `isReferenceTo('${type}')`)).map(
    (term) => fhirpath.compile(term, r4, { resolveInternalTypes: false, userInvocationTable: invocationTable }),
  );
  return (input, resource) => {
    const raw: unknown[] = terms.flatMap((evaluate): unknown[] => evaluate(input, { resource }));
    if (raw.length === 0) return [];
    const types = fhirpath.types(raw);
    const values: unknown[] = fhirpath.resolveInternalTypes(raw);
    return values.map((value, i) => ({ type: (types[i] ?? '').replace(/^(FHIR|System)\./, ''), value }));
  };
}
