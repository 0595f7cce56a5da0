import type { CodeableConcept, Encounter, EncounterParticipant, Extension } from '@medplum/fhirtypes';
import type { Hl7Segment } from '../hl7/segment.js';
import { cweInTable, cweToCodeableConcept } from './cwe.js';
import type { MappingContext } from './mapping-context.js';
import { encounterParticipant } from './encounter-participant.js';
import type { TransactionBuilder } from './transaction-builder.js';

/** What PV2 adds to the Encounter built from PV1. */
export interface Pv2Elements {
  readonly reasonCode: CodeableConcept[];
  readonly length?: Encounter['length'];
  readonly participant: EncounterParticipant[];
  readonly priority?: CodeableConcept;
  readonly extension: Extension[];
}

/**
 * PV2 → Encounter after the V2-to-FHIR IG segment map PV2 → Encounter, for the fields it maps to R4
 * core elements or published extensions: PV2-3 admit reason → reasonCode, PV2-11 actual length of stay
 * (days) → length, PV2-13 referral source → participant REF, PV2-25 visit priority (table 0217) →
 * priority, PV2-38 mode of arrival → extension encounter-modeOfArrival. (PV2-8/9 expected dates map to
 * IG-local extensions; they are left for when those extensions are published.)
 */
export function pv2Elements(pv2: Hl7Segment, ctx: MappingContext, tx: TransactionBuilder): Pv2Elements {
  const reason = cweToCodeableConcept(pv2.field(3).repetitions[0]);
  const days = pv2.field(11).value;
  const length = days !== undefined && /^\d+(\.\d+)?$/.test(days) ? Number(days) : undefined;
  if (days !== undefined && length === undefined) ctx.warn('PV2-11', 'length of stay is not a number; left out');
  const priority = cweInTable(pv2.field(25).repetitions[0], '0217');
  const arrival = cweInTable(pv2.field(38).repetitions[0], '0430')?.coding?.[0];
  return {
    reasonCode: reason === undefined ? [] : [reason],
    ...(length === undefined
      ? {}
      : { length: { value: length, unit: 'days', system: 'http://unitsofmeasure.org', code: 'd' } }),
    participant: pv2
      .field(13)
      .repetitions.flatMap((xcn) => encounterParticipant(xcn, 'REF', 'referrer', ctx, tx) ?? []),
    ...(priority === undefined ? {} : { priority }),
    extension:
      arrival === undefined
        ? []
        : [{ url: 'http://hl7.org/fhir/StructureDefinition/encounter-modeOfArrival', valueCoding: arrival }],
  };
}
