import { isJsonObject } from '../schema/is-json-object.js';

/**
 * One code an element carries, with where it sits below the element (`.coding[1]`, or ``).
 * `system` is undefined for `code`, `string` and `uri` elements (the ValueSet says it), null for a
 * Coding that names none: its code has no defined meaning
 * (http://hl7.org/fhir/R4/datatypes.html#Coding), so it is in no ValueSet.
 */
export interface CodedValue {
  readonly system?: string | null;
  readonly code: string;
  readonly display?: string;
  readonly path: string;
}

/** The codes of a bound element, and whether it says anything without one (text, display). */
export interface CodedElement {
  readonly codes: readonly CodedValue[];
  readonly uncoded: boolean;
}

/** Quantity and its profiles: `code` + `system` are the bound unit (http://hl7.org/fhir/R4/datatypes.html#Quantity). */
const QUANTITY_TYPES = new Set(['Quantity', 'Age', 'Count', 'Distance', 'Duration', 'SimpleQuantity', 'MoneyQuantity']);

/**
 * The codes a value of a bindable type carries (http://hl7.org/fhir/R4/terminologies.html#binding):
 * `code`, `string`, `uri` (the value is the code), Coding, CodeableConcept (each coding), Quantity
 * (its unit code). Undefined for other types and for values of the wrong JSON shape (the schema
 * layer reports those).
 */
export function codedElement(value: unknown, typeCode: string): CodedElement | undefined {
  if (typeCode === 'code' || typeCode === 'string' || typeCode === 'uri') {
    return typeof value === 'string' ? { codes: [{ code: value, path: '' }], uncoded: false } : undefined;
  }
  if (!isJsonObject(value)) return undefined;
  if (typeCode === 'Coding') {
    const coding = codedValue(value, '');
    return { codes: coding ? [coding] : [], uncoded: typeof value.display === 'string' };
  }
  if (typeCode === 'CodeableConcept') {
    const codings = Array.isArray(value.coding) ? value.coding : [];
    const codes = codings.flatMap((c: unknown, i) => {
      const coded = isJsonObject(c) ? codedValue(c, `.coding[${i}]`) : undefined;
      return coded ? [coded] : [];
    });
    const uncoded =
      typeof value.text === 'string' || codings.some((c) => isJsonObject(c) && typeof c.display === 'string');
    return { codes, uncoded };
  }
  if (QUANTITY_TYPES.has(typeCode)) {
    // A unit code without a system is qty-3's to report, once (http://hl7.org/fhir/R4/datatypes.html#Quantity).
    const unit =
      typeof value.code === 'string' && typeof value.system === 'string'
        ? { code: value.code, system: value.system, path: '' }
        : undefined;
    return { codes: unit ? [unit] : [], uncoded: false };
  }
  return undefined;
}

function codedValue(coding: Record<string, unknown>, path: string): CodedValue | undefined {
  if (typeof coding.code !== 'string') return undefined;
  return { code: coding.code, system: systemOf(coding), display: text(coding.display), path };
}

function systemOf(coding: Record<string, unknown>): string | null {
  return text(coding.system) ?? null;
}

function text(value: unknown): string | undefined {
  return typeof value === 'string' ? value : undefined;
}
