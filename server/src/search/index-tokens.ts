import type { TypedValue } from '@nexushealth/conformance';
import { json } from './json-narrowing.js';

export interface TokenIndexValues {
  /** `system|code`, `code`, and `|code` when the value has no system. */
  tokens: string[];
  /** Display texts for `:text`, as written. */
  texts: string[];
  /** The systems of the values that have one (a composite keys on `system|` too). */
  systems: string[];
  /** `typeSystem|typeCode|value` of typed Identifiers, for `:of-type`. */
  ofType: string[];
}

/**
 * Token values by data type (http://hl7.org/fhir/R4/search.html#token): Coding and each coding of
 * a CodeableConcept give system|code, Identifier system|value, ContactPoint its value (its
 * system is a kind, not a namespace), code/string/uri/id/boolean the value itself.
 */
export function tokenIndexValues(values: TypedValue[]): TokenIndexValues {
  const out: TokenIndexValues = { tokens: [], texts: [], systems: [], ofType: [] };
  for (const { type, value } of values) {
    const record = json.record(value);
    switch (type) {
      case 'CodeableConcept':
        for (const coding of json.array(record?.coding)) addCoding(out, json.record(coding));
        out.texts.push(...json.strings(record?.text));
        break;
      case 'Coding':
        addCoding(out, record);
        break;
      case 'Identifier':
        addIdentifier(out, record);
        break;
      case 'ContactPoint':
        addToken(out, undefined, json.string(record?.value));
        break;
      case 'boolean':
        if (typeof value === 'boolean') addToken(out, undefined, String(value));
        break;
      default:
        addToken(out, undefined, json.string(value));
    }
  }
  return out;
}

function addIdentifier(out: TokenIndexValues, identifier: Record<string, unknown> | undefined): void {
  const value = json.string(identifier?.value);
  addToken(out, json.string(identifier?.system), value);
  const type = json.record(identifier?.type);
  out.texts.push(...json.strings(type?.text));
  if (value === undefined) return;
  for (const coding of json.array(type?.coding).map(json.record)) {
    const code = json.string(coding?.code);
    if (code !== undefined) out.ofType.push(`${json.string(coding?.system) ?? ''}|${code}|${value}`);
  }
}

function addCoding(out: TokenIndexValues, coding: Record<string, unknown> | undefined): void {
  addToken(out, json.string(coding?.system), json.string(coding?.code));
  out.texts.push(...json.strings(coding?.display));
}

function addToken(out: TokenIndexValues, system: string | undefined, code: string | undefined): void {
  if (code === undefined) return;
  out.tokens.push(code, system === undefined ? `|${code}` : `${system}|${code}`);
  if (system !== undefined) out.systems.push(system);
}
