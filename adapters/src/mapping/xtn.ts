import type { ContactPoint } from '@medplum/fhirtypes';
import type { Hl7Repetition } from '../hl7/repetition.js';

type Use = NonNullable<ContactPoint['use']>;
type System = NonNullable<ContactPoint['system']>;

/** HL7 table 0201 → contact-point-use (V2-to-FHIR IG ConceptMap "TelecommunicationUseCode"). */
const useByCode: Readonly<Record<string, Use>> = { PRN: 'home', WPN: 'work', PRS: 'mobile' };

/** HL7 table 0202 → contact-point-system (IG ConceptMap "TelecommunicationEquipmentType"); CP is a mobile phone. */
const systemByEquipment: Readonly<Record<string, System>> = {
  PH: 'phone',
  CP: 'phone',
  FX: 'fax',
  MD: 'other',
  SAT: 'other',
  BP: 'pager',
  Internet: 'email',
  'X.400': 'email',
  TDD: 'other',
  TTY: 'other',
};

/**
 * XTN → ContactPoint (V2-to-FHIR IG datatype map XTN → ContactPoint). The value is XTN.4 for an e-mail
 * (equipment Internet/X.400 or use NET), else XTN.12 (unformatted number), else the number built from
 * XTN.5-8 (country, area, local, extension), else the deprecated XTN.1. `fieldUse` is what the field
 * itself means when XTN.2 says nothing: PID-13 is home, PID-14 business.
 */
export function xtnToContactPoint(xtn: Hl7Repetition, fieldUse: Use): ContactPoint | undefined {
  const useCode = xtn.component(2);
  const equipment = xtn.component(3);
  const isEmail = useCode === 'NET' || equipment === 'Internet' || equipment === 'X.400';
  const value = isEmail
    ? (xtn.component(4) ?? xtn.component(1))
    : (xtn.component(12) ?? composedNumber(xtn) ?? xtn.component(1));
  if (value === undefined) return undefined;
  const system: System = isEmail ? 'email' : (systemByEquipment[equipment ?? ''] ?? 'phone');
  const use: Use = equipment === 'CP' ? 'mobile' : (useByCode[useCode ?? ''] ?? fieldUse);
  return { system, value, use };
}

function composedNumber(xtn: Hl7Repetition): string | undefined {
  const [country, area, local, extension] = [5, 6, 7, 8].map((i) => xtn.component(i));
  if (local === undefined) return undefined;
  return [country && `+${country}`, area && `(${area})`, local, extension && `ext. ${extension}`]
    .filter((s): s is string => typeof s === 'string' && s !== '')
    .join(' ');
}
