import { OperationOutcomeError } from '../../errors/outcome-error.js';
import type { ElementInfo, NamedElement, TypeLayout } from '../../definitions/element-table.js';

export type JsonObject = Record<string, unknown>;

/**
 * The JSON object of one XML element being read: checks that child elements come in the
 * StructureDefinition order and that a non-repeating one appears once (xml.html#1.17.1), and
 * lines up repeating primitives with their `_name` twins, `null` where one side has nothing
 * (json.html#primitive).
 */
export class JsonAssembly {
  readonly #object: JsonObject;
  readonly #primitiveArrays = new Set<string>();
  #last = -1;

  constructor(initial: JsonObject) {
    this.#object = initial;
  }

  /** Before a child element is read: is it allowed here? */
  claim({ element, index }: NamedElement, layout: TypeLayout, path: string): void {
    if (index < this.#last) {
      const expected = layout.elements[this.#last]?.name ?? '';
      throw OperationOutcomeError.of('structure', `Element out of order: it must come before ${expected}`, path);
    }
    if (index === this.#last && !element.array)
      throw OperationOutcomeError.of('structure', 'This element may appear only once', path);
    this.#last = index;
  }

  put(element: ElementInfo, name: string, value: unknown): void {
    if (element.array) ((this.#object[name] ??= []) as unknown[]).push(value);
    else this.#object[name] = value;
  }

  putPrimitive(element: ElementInfo, name: string, value: unknown, twin: JsonObject): void {
    const hasTwin = Object.keys(twin).length > 0;
    if (!element.array) {
      if (value !== undefined) this.#object[name] = value;
      if (hasTwin) this.#object[`_${name}`] = twin;
      return;
    }
    this.#primitiveArrays.add(name);
    ((this.#object[name] ??= []) as unknown[]).push(value ?? null);
    ((this.#object[`_${name}`] ??= []) as unknown[]).push(hasTwin ? twin : null);
  }

  /** The object, without a value or twin array that holds only nulls. */
  finish(): JsonObject {
    for (const name of this.#primitiveArrays) {
      for (const key of [name, `_${name}`]) {
        if ((this.#object[key] as unknown[]).every((item) => item === null)) delete this.#object[key];
      }
    }
    return this.#object;
  }
}
