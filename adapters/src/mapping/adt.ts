import type { Hl7Message } from '../hl7/message.js';
import type { Hl7Segment } from '../hl7/segment.js';
import { mapMerge } from './adt-merge.js';
import type { AdtSegmentContext } from './adt-segment-context.js';
import { chainedIdentifierCriterion, type IdentifierKey } from './conditional-url.js';
import { mapAl1 } from './al1.js';
import { mapDg1 } from './dg1.js';
import { mapIn1 } from './in1.js';
import { mapNk1 } from './nk1.js';
import { mapPr1 } from './pr1.js';
import { mrgPriorVisit } from './mrg.js';
import { adtTriggers } from './adt-triggers.js';
import { Hl7DataError } from './data-error.js';
import type { MappingContext } from './mapping-context.js';
import type { MappingResult } from './mapping-result.js';
import type { MessageMapper } from './message-mapper.js';
import { mapPid } from './pid.js';
import { mapPv1, type MappedEncounter } from './pv1.js';
import { TransactionBuilder } from './transaction-builder.js';

const merges = ['A34', 'A40'];

/**
 * ADT → a FHIR transaction Bundle after the V2-to-FHIR IG message maps (ADT_A01, ADT_A02, ADT_A05,
 * ADT_A06, ADT_A09, ADT_A11 … → Bundle): the Patient as `PUT Patient?identifier=…` (conditional update
 * on the PID-3 key), the Encounter (when the trigger has one and PV1-19 is present) as the trigger's rule
 * says (`adt-triggers.ts`: status, what it restates, what it is authoritative for), its subject the
 * Patient's `urn:uuid:` fullUrl, which the server resolves inside the transaction; then NK1 →
 * RelatedPerson, AL1 → AllergyIntolerance, DG1 → Condition, PR1 → Procedure, IN1 → Coverage (one file
 * each). A28/A31 write the Patient only; A34/A40 are merges (`adt-merge.ts`).
 *
 * stateElements, the rule per trigger: the Encounter entry lists `adtTriggers[trigger].authoritative`
 * (A01 status, period; A02 location; A03 status, period, hospitalization; …), so that a message applied
 * after a newer one about the same patient still sets what its event decides and leaves the rest, which
 * is newer; the Patient and every other entry are then create-only (a late A01 does not undo the
 * demographics of the A08 that overtook it).
 */
function mapAdt(message: Hl7Message, trigger: string, ctx: MappingContext): MappingResult {
  if (merges.includes(trigger)) return mapMerge(message, ctx);
  const pid = message.get('PID');
  if (pid === undefined)
    throw new Hl7DataError({ code: '100', text: 'the message has no PID segment', location: 'PID' });
  const tx = new TransactionBuilder(ctx);
  const { patient, key } = mapPid(pid, ctx);
  const patientFullUrl = tx.put(patient, key);
  const rule = adtTriggers[trigger];
  if (rule === undefined) return tx.build();
  const segment: AdtSegmentContext = { ctx, tx, patient: { fullUrl: patientFullUrl, key } };
  const pv1 = message.get('PV1');
  const mapped = pv1 && mapPv1({ pv1, pv2: message.get('PV2'), rule, patientFullUrl }, ctx, tx);
  if (mapped === undefined) return mapSegments(message, segment);
  const prior = rule.priorVisitInMrg === true ? renumbered(mapped, mrgPriorVisit(message.get('MRG'), ctx)) : undefined;
  const visit = prior?.visit ?? mapped;
  // The visit number of this patient only, as for every other message family (patient-context.ts): a
  // number another patient's Encounter carries neither links nor makes the update match two.
  const narrowing = chainedIdentifierCriterion('subject', 'Patient', key);
  const fullUrl =
    rule.write === 'put'
      ? tx.putAny(visit.encounter, [visit.key, ...(prior === undefined ? [] : [prior.key])], narrowing)
      : tx.createIfMissing(visit.encounter, visit.key, narrowing);
  tx.authoritative(fullUrl, rule.authoritative);
  return mapSegments(message, { ...segment, encounter: { fullUrl, resource: visit.encounter } });
}

/**
 * A06/A07 with a new visit number and the old one in MRG-5: the encounter carries both and the update
 * matches either (`identifier=new,old`, search.html#combining), so the existing encounter is found
 * whichever number it was stored under, and later messages with the new number find it too.
 */
function renumbered(
  visit: MappedEncounter,
  prior: IdentifierKey | undefined,
): { visit: MappedEncounter; key: IdentifierKey } | undefined {
  if (prior === undefined || (prior.system === visit.key.system && prior.value === visit.key.value)) return undefined;
  const encounter = { ...visit.encounter, identifier: [...(visit.encounter.identifier ?? []), prior] };
  return { visit: { encounter, key: visit.key }, key: prior };
}

/** The ADT segment mappers, by segment id (v2.5.1 ADT_A01: NK1, AL1, DG1, PR1, IN1 groups). */
const segmentMappers: readonly (readonly [string, (segment: Hl7Segment, context: AdtSegmentContext) => void])[] = [
  ['NK1', mapNk1],
  ['AL1', mapAl1],
  ['DG1', mapDg1],
  ['PR1', mapPr1],
  ['IN1', mapIn1],
];

function mapSegments(message: Hl7Message, context: AdtSegmentContext): MappingResult {
  for (const [name, map] of segmentMappers) for (const segment of message.all(name)) map(segment, context);
  return context.tx.build();
}

export const adtMapper: MessageMapper = {
  messageCode: 'ADT',
  triggers: [...Object.keys(adtTriggers), ...merges],
  map: mapAdt,
};
