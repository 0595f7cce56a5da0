import type { EncounterParticipant } from '@medplum/fhirtypes';
import type { Hl7Repetition } from '../hl7/repetition.js';
import type { MappingContext } from './mapping-context.js';
import { practitionerReference } from './practitioner-reference.js';
import type { TransactionBuilder } from './transaction-builder.js';

/**
 * The Encounter.participant an XCN names, typed with a v3 ParticipationType `code` and its `text` as the
 * IG segment maps PV1 → Encounter (ATND, REF, CON, ADM, PART) and PV2 → Encounter (PV2-13 REF) write it.
 */
export function encounterParticipant(
  xcn: Hl7Repetition,
  code: string,
  text: string,
  ctx: MappingContext,
  tx: TransactionBuilder,
): EncounterParticipant | undefined {
  const individual = practitionerReference(xcn, ctx, tx);
  if (individual === undefined) return undefined;
  return {
    type: [{ coding: [{ system: 'http://terminology.hl7.org/CodeSystem/v3-ParticipationType', code }], text }],
    individual,
  };
}
