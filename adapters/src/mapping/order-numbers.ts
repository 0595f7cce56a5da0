import type { Identifier } from '@medplum/fhirtypes';
import type { Hl7Segment } from '../hl7/segment.js';
import type { IdentifierKey } from './conditional-url.js';
import { eiToIdentifier } from './ei.js';
import type { MappingContext } from './mapping-context.js';

const v20203 = 'http://terminology.hl7.org/CodeSystem/v2-0203';
const typed = (code: string): Identifier['type'] => ({ coding: [{ system: v20203, code }] });

export interface OrderNumbers {
  /** OBR-2, else ORC-2 (placer order number), typed PLAC. */
  readonly placer?: IdentifierKey & Identifier;
  /** OBR-3, else ORC-3 (filler order number), typed FILL. */
  readonly filler?: IdentifierKey & Identifier;
  /** ORC-4 (placer group number), typed PGN. */
  readonly group?: IdentifierKey & Identifier;
  /** All of the above that were sent, in that order. */
  readonly identifiers: Identifier[];
}

/**
 * The order numbers of an ORC/OBR pair, after the V2-to-FHIR IG segment maps ORC[ServiceRequest] and
 * OBR[ServiceRequest]/OBR[DiagnosticReport]: OBR-2/OBR-3 when valued, else ORC-2/ORC-3 (the two carry
 * the same numbers when both are sent), each an EI with its assigning authority as the system (EI
 * without one: the sending facility, see `ei.ts`).
 */
export function orderNumbers(
  orc: Hl7Segment | undefined,
  obr: Hl7Segment | undefined,
  ctx: MappingContext,
): OrderNumbers {
  const pick = (field: number, code: string): (IdentifierKey & Identifier) | undefined =>
    eiToIdentifier(obr?.field(field).repetitions[0], ctx, typed(code)) ??
    eiToIdentifier(orc?.field(field).repetitions[0], ctx, typed(code));
  const placer = pick(2, 'PLAC');
  const filler = pick(3, 'FILL');
  const group = eiToIdentifier(orc?.field(4).repetitions[0], ctx, typed('PGN'));
  const identifiers = [placer, filler, group].filter((id): id is IdentifierKey & Identifier => id !== undefined);
  return {
    ...(placer === undefined ? {} : { placer }),
    ...(filler === undefined ? {} : { filler }),
    ...(group === undefined ? {} : { group }),
    identifiers,
  };
}
