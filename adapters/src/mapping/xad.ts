import type { Address } from '@medplum/fhirtypes';
import type { Hl7Repetition } from '../hl7/repetition.js';

/** HL7 table 0190 address type → address-use, per the V2-to-FHIR IG ConceptMap "AddressType[Use]". */
const addressUse: Readonly<Record<string, NonNullable<Address['use']>>> = {
  BA: 'old',
  BI: 'billing',
  C: 'temp',
  B: 'work',
  H: 'home',
  O: 'work',
};

/**
 * XAD → Address (V2-to-FHIR IG datatype map XAD → Address): XAD.1.1 (SAD street) and XAD.2 lines,
 * XAD.3 city, XAD.4 state, XAD.5 postal code, XAD.6 country, XAD.7 type → use, XAD.9 county → district.
 * Undefined when nothing is left.
 */
export function xadToAddress(xad: Hl7Repetition): Address | undefined {
  const line = [xad.component(1), xad.component(2)].filter((s): s is string => s !== undefined);
  const parts: Address = {
    ...(line.length === 0 ? {} : { line }),
    ...optional('city', xad.component(3)),
    ...optional('state', xad.component(4)),
    ...optional('postalCode', xad.component(5)),
    ...optional('country', xad.component(6)),
    ...optional('district', xad.component(9)),
  };
  if (Object.keys(parts).length === 0) return undefined;
  const use = addressUse[xad.component(7) ?? ''];
  return use === undefined ? parts : { use, ...parts };
}

function optional<K extends keyof Address>(key: K, value: string | undefined): Partial<Pick<Address, K>> {
  return value === undefined ? {} : ({ [key]: value } as Partial<Pick<Address, K>>);
}
