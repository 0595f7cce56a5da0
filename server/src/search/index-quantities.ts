import type { TypedValue } from '@nexushealth/conformance';
import { json } from './json-narrowing.js';

/** One indexed Quantity: its value and the unit tokens a search may name. */
export interface QuantityIndexValue {
  v: number;
  /** `system|code`, `code` and the human `unit`, so both `5|sys|mg` and `5||mg` find it. */
  u: string[];
}

/**
 * Quantity values (http://hl7.org/fhir/R4/search.html#quantity). Units are matched as given, not
 * converted between UCUM units. SampledData (also selected by value-quantity) is skipped.
 */
export function quantityIndexValues(values: TypedValue[]): QuantityIndexValue[] {
  return values.flatMap(({ type, value }) => {
    const q = json.record(value);
    if (type === 'SampledData' || typeof q?.value !== 'number') return [];
    const system = json.string(q.system);
    const code = json.string(q.code);
    const unit = json.string(q.unit);
    const u = new Set<string>();
    if (code !== undefined) u.add(code).add(system === undefined ? `|${code}` : `${system}|${code}`);
    if (unit !== undefined) u.add(unit);
    return [{ v: q.value, u: [...u] }];
  });
}
