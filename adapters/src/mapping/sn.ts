import type { Quantity } from '@medplum/fhirtypes';
import type { Hl7Repetition } from '../hl7/repetition.js';
import type { MappingContext } from './mapping-context.js';
import { hl7Number, type ObservationValue } from './observation-value.js';
import { unitsQuantity, type Hl7Units } from './units.js';

const comparators: Readonly<Record<string, Quantity['comparator'] | null>> = {
  '<': '<',
  '<=': '<=',
  '>': '>',
  '>=': '>=',
  '=': null,
};

/**
 * SN (structured numeric: SN.1 comparator ^ SN.2 num1 ^ SN.3 separator/suffix ^ SN.4 num2) after the
 * V2-to-FHIR IG OBX[Observation] map and its datatype maps SN[Quantity], SN[Range], SN[Ratio]:
 * `:` or `/` → valueRatio, `-` → valueRange, `+` → valueString (`2 +`), no separator → valueQuantity
 * with its comparator; OBX-6 units on each quantity. `<>` has no FHIR comparator: the text is kept.
 */
export function snValue(
  sn: Hl7Repetition,
  units: Hl7Units | undefined,
  ctx: MappingContext,
): ObservationValue | undefined {
  const sign = sn.component(1);
  const separator = sn.component(3);
  const first = hl7Number(sn.component(2));
  const second = hl7Number(sn.component(4));
  const asText = (): ObservationValue => ({
    valueString: [sign, sn.component(2), separator, sn.component(4)].filter((s) => s !== undefined).join(' '),
  });
  if (separator === '+') return asText();
  const comparator = sign === undefined ? null : comparators[sign];
  if (
    (sn.component(2) !== undefined && first === undefined) ||
    (sn.component(4) !== undefined && second === undefined)
  ) {
    ctx.warn('OBX-5', 'SN value with a part that is not a number; kept as text', '102');
    return asText();
  }
  if (separator === ':' || separator === '/') {
    return { valueRatio: { numerator: unitsQuantity(first, units), denominator: unitsQuantity(second, units) } };
  }
  if (separator === '-')
    return { valueRange: { low: unitsQuantity(first, units), high: unitsQuantity(second, units) } };
  if (separator !== undefined || comparator === undefined || first === undefined) {
    if (first === undefined && separator === undefined) return undefined;
    ctx.warn('OBX-5', 'SN value with an unknown comparator or separator; kept as text', '102');
    return asText();
  }
  return { valueQuantity: { ...(comparator === null ? {} : { comparator }), ...unitsQuantity(first, units) } };
}
