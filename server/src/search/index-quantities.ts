import type { TypedValue } from '@nexushealth/conformance';
import { json } from './json-narrowing.js';
import { ucumBaseUnit, UCUM_SYSTEM } from './ucum-canonical.js';

/** One indexed Quantity: its value and the unit tokens a search may name. */
export interface QuantityIndexValue {
  v: number;
  /** `system|code`, `code` and the human `unit`, so both `5|sys|mg` and `5||mg` find it. */
  u: string[];
  /** A UCUM quantity in base units (ucum-canonical.ts): the value and the units, e.g. 0.0054, "g". */
  cv?: number;
  cu?: string;
}

/**
 * Quantity values (http://hl7.org/fhir/R4/search.html#quantity). Units are kept as given, and a
 * UCUM quantity also in base units, in the same entry so the value and unit of one quantity pair.
 * SampledData (also selected by value-quantity) is skipped.
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
    const entry: QuantityIndexValue = { v: q.value, u: [...u] };
    const base = system === UCUM_SYSTEM && code !== undefined ? ucumBaseUnit(code) : undefined;
    if (base) Object.assign(entry, { cv: q.value * base.factor, cu: base.unit });
    return [entry];
  });
}
