import type { Quantity } from '@medplum/fhirtypes';
import type { Hl7Repetition } from '../hl7/repetition.js';
import { hl7Number } from './observation-value.js';
import { unitsQuantity } from './units.js';

/**
 * CQ (composite quantity with units: CQ.1 quantity ^ CQ.2 units, a CWE in subcomponents, e.g. `40^&lbs`)
 * → Quantity (V2-to-FHIR IG datatype map CQ[Quantity]). Undefined when CQ.1 is not a number.
 */
export function cqToQuantity(cq: Hl7Repetition | undefined): Quantity | undefined {
  const value = hl7Number(cq?.component(1));
  if (cq === undefined || value === undefined) return undefined;
  return unitsQuantity(value, { code: cq.component(2, 1), text: cq.component(2, 2), system: cq.component(2, 3) });
}
