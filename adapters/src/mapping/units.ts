import type { Quantity } from '@medplum/fhirtypes';
import { ucumValid } from '@nexushealth/profiles';
import { codingSystem } from './cwe.js';

const ucum = 'http://unitsofmeasure.org';

/** A unit as sent: CWE.1 identifier, CWE.2 text, CWE.3 coding system name (OBX-6, RXA-7, CQ.2). */
export interface Hl7Units {
  readonly code?: string | undefined;
  readonly text?: string | undefined;
  readonly system?: string | undefined;
}

/**
 * A value with its units as a Quantity, after the V2-to-FHIR IG datatype map CWE[Quantity]: CWE.2 (else
 * CWE.1) the unit, CWE.1 the code and CWE.3 the system when both are sent. A code sent without a
 * coding system is taken as UCUM (https://hl7.org/fhir/R4/datatypes.html#Quantity, system
 * http://unitsofmeasure.org) only when it looks like UCUM (see {@link looksLikeUcum}); otherwise it
 * stays a unit text without a system, which is true to what was sent.
 */
export function unitsQuantity(value: number | undefined, units: Hl7Units | undefined): Quantity {
  const quantity: Quantity = value === undefined ? {} : { value };
  const code = units?.code;
  const unit = units?.text ?? code;
  if (unit !== undefined) quantity.unit = unit;
  if (code === undefined) return quantity;
  const system = units?.system === undefined ? (looksLikeUcum(code) ? ucum : undefined) : codingSystem(units.system);
  return system === undefined ? quantity : { ...quantity, system, code };
}

/**
 * A unit code sent without a system is read as UCUM when `@lhncbc/ucum-lhc` parses it (profiles'
 * `ucumValid`) and it does not have the shape of the upper-case ISO+/ANSI+ codes many senders use:
 * UCUM is case-sensitive, so `ML` (meant as mL) would parse as megalitre and `G/L` as gauss per litre.
 * Two upper-case letters in a row outside `[…]` (`[IU]` is UCUM) or a lone `G` are therefore not UCUM.
 */
function looksLikeUcum(code: string): boolean {
  const outsideBrackets = code.replace(/\[[^\]]*\]/g, '');
  if (/[A-Z]{2}/.test(outsideBrackets) || /(^|[^A-Za-z])G([^A-Za-z]|$)/.test(outsideBrackets)) return false;
  return ucumValid(code);
}
