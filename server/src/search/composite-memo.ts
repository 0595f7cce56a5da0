import type { CompositeComponent, SearchParameterDefinition, TypedValue } from '@nexushealth/conformance';

/**
 * The evaluations composites of one resource share (Observation's eight composites have three
 * base expressions, and `code` and `value.ofType(…)` recur): one memo per extracted resource.
 */
export class CompositeMemo {
  readonly #elements = new Map<string, TypedValue[]>();
  readonly #components = new WeakMap<object, Map<string, TypedValue[]>>();

  elements(param: SearchParameterDefinition, resource: unknown): TypedValue[] {
    const key = param.expression ?? param.url;
    let elements = this.#elements.get(key);
    if (!elements) this.#elements.set(key, (elements = param.evaluateTyped(resource)));
    return elements;
  }

  component(component: CompositeComponent, element: unknown, resource: unknown): TypedValue[] {
    if (typeof element !== 'object' || element === null) return component.evaluateTyped(element, resource);
    let byExpression = this.#components.get(element);
    if (!byExpression) this.#components.set(element, (byExpression = new Map()));
    let values = byExpression.get(component.expression);
    if (!values) byExpression.set(component.expression, (values = component.evaluateTyped(element, resource)));
    return values;
  }
}
