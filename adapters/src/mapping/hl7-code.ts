/**
 * A code read from an HL7 ID/IS field or a CWE/CX code component, as a FHIR `code`: surrounding
 * whitespace removed (a code has none, https://hl7.org/fhir/R4/datatypes.html#code; senders pad fields,
 * e.g. PV1-16 `" U"`), undefined when nothing is left.
 */
export function hl7Code(value: string | undefined): string | undefined {
  const code = value?.trim();
  return code === undefined || code === '' ? undefined : code;
}
