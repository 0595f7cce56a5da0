import type { TypedValue } from '@nexushealth/conformance';
import { json } from './json-narrowing.js';

// The parts a string search matches in complex types (http://hl7.org/fhir/R4/search.html#string).
const PARTS: Record<string, readonly string[]> = {
  HumanName: ['text', 'family', 'given', 'prefix', 'suffix'],
  Address: ['text', 'line', 'city', 'district', 'state', 'postalCode', 'country'],
};

/** The strings a string parameter matches, as written (normalisation is the caller's). */
export function stringIndexValues(values: TypedValue[]): string[] {
  return values.flatMap(({ type, value }) => {
    const parts = PARTS[type];
    if (!parts) return json.strings(value);
    const record = json.record(value);
    return record ? parts.flatMap((p) => json.strings(record[p])) : [];
  });
}
