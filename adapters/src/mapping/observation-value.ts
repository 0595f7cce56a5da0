import type { Observation } from '@medplum/fhirtypes';

/** The value part of an Observation or of one of its components (value[x], or the R5 valueAttachment extension). */
export type ObservationValue = Pick<
  Observation,
  | 'valueQuantity'
  | 'valueCodeableConcept'
  | 'valueString'
  | 'valueRange'
  | 'valueRatio'
  | 'valueTime'
  | 'valueDateTime'
  | 'valuePeriod'
  | 'extension'
>;

/** An HL7 NM (v2.5.1 §2A.3.47): optional sign, digits, optional decimal point; undefined when it is not one. */
export function hl7Number(text: string | undefined): number | undefined {
  if (text === undefined || !/^\s*[+-]?(\d+\.?\d*|\.\d+)\s*$/.test(text)) return undefined;
  return Number(text);
}
