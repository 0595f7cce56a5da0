import type { CompositeComponent, SearchParameterDefinition, TypedValue } from '@nexushealth/conformance';
import { CompositeMemo } from './composite-memo.js';
import { componentField, compositeKey } from './composite-key.js';
import { indexValues } from './index-values.js';
import { tokenIndexValues } from './index-tokens.js';

/** One element's values of the second and later components: `{ c1: v, c2: w }`, one value each. */
export type CompositeEntry = Record<string, unknown>;

/**
 * A composite parameter's index (http://hl7.org/fhir/R4/search.html#composite): for every element
 * its expression selects, the first component (a token) names keys — `system|code`, `code`,
 * `|code` and `system|`, encoded — and under each key sit the entries of the other components
 * taken from that same element. So `code-value-quantity=loinc|8480-6$gt100` is one dotted path,
 * `idx.code-value-quantity.<key>.c1.v`, and a value can only match under its own element's code.
 */
export function compositeIndexValue(
  param: SearchParameterDefinition,
  resource: unknown,
  memo: CompositeMemo = new CompositeMemo(),
): Record<string, CompositeEntry[]> | undefined {
  const [first, ...rest] = param.components ?? [];
  if (!first || first.type !== 'token' || rest.length === 0) return undefined;
  const evaluate = (c: CompositeComponent, element: unknown): TypedValue[] => memo.component(c, element, resource);
  // A Map, not an object: a code such as "__proto__" must stay data.
  const index = new Map<string, CompositeEntry[]>();
  for (const { value: element } of memo.elements(param, resource)) {
    // The other components first: most elements lack one (a coded value has no quantity).
    const entries = combinations(rest.map((c) => indexValues(c.type, evaluate(c, element))));
    if (entries.length === 0) continue;
    const keys = firstComponentKeys(evaluate(first, element));
    for (const key of keys) index.set(key, [...(index.get(key) ?? []), ...entries]);
  }
  return index.size === 0 ? undefined : Object.fromEntries(index);
}

function firstComponentKeys(values: TypedValue[]): string[] {
  const { tokens, systems } = tokenIndexValues(values);
  return [...new Set([...tokens, ...systems.map((system) => `${system}|`)])].map(compositeKey);
}

/** Every choice of one value per component, as entries; none when a component has no value. */
function combinations(valuesByComponent: unknown[][]): CompositeEntry[] {
  let entries: CompositeEntry[] = [{}];
  valuesByComponent.forEach((values, i) => {
    const field = componentField(i + 1);
    entries = entries.flatMap((entry) => values.map((value) => ({ ...entry, [field]: value })));
  });
  return entries;
}
