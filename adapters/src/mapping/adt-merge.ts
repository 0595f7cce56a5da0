import type { Patient, PatientLink } from '@medplum/fhirtypes';
import type { Hl7Message } from '../hl7/message.js';
import type { Hl7Segment } from '../hl7/segment.js';
import { identifierConditionalUrl } from './conditional-url.js';
import { Hl7DataError } from './data-error.js';
import type { MappingContext } from './mapping-context.js';
import type { MappingResult } from './mapping-result.js';
import { mapMrg } from './mrg.js';
import { mapPid } from './pid.js';
import { TransactionBuilder } from './transaction-builder.js';

/**
 * A34 (merge patient ID) and A40 (merge patient identifier list) → both Patients by conditional update
 * on their identifiers: the survivor from PID (the A39-family PATIENT group's PID is the surviving
 * patient, v2.5.1 §3.3.40) with `link` replaces → the merged one, and the merged one from MRG
 * (`mrg.ts`) inactive with `link` replaced-by → the survivor (patient.html#links; the same shape
 * Patient-merge leaves). Each PID/MRG pair of the message is handled; a survivor named in several pairs
 * is one entry that replaces them all. The survivor never takes the merged identifiers: a conditional
 * update on one of them would then match two records and the message could not be applied again.
 * stateElements: the merged record's `active` and `link` and the survivor's `link` are what a merge states,
 * whatever was applied before it.
 */
export function mapMerge(message: Hl7Message, ctx: MappingContext): MappingResult {
  const tx = new TransactionBuilder(ctx);
  const survivors = new Map<string, { fullUrl: string; patient: Patient }>();
  for (const { pid, mrg } of mergePairs(message)) {
    const survivor = mapPid(pid, ctx);
    const merged = mapMrg(mrg, ctx);
    const survivorUrl = identifierConditionalUrl('Patient', survivor.key);
    if (identifierConditionalUrl('Patient', merged.key) === survivorUrl) {
      throw new Hl7DataError({ code: '103', text: 'MRG-1 names the surviving patient itself', location: 'MRG-1' });
    }
    let kept = survivors.get(survivorUrl);
    if (kept === undefined) {
      kept = { fullUrl: tx.put(survivor.patient, survivor.key), patient: survivor.patient };
      survivors.set(survivorUrl, kept);
      tx.authoritative(kept.fullUrl, ['link']);
    }
    const replacedBy: PatientLink = { other: { reference: kept.fullUrl }, type: 'replaced-by' };
    const mergedUrl = tx.put({ ...merged.patient, link: [replacedBy] }, merged.key);
    tx.authoritative(mergedUrl, ['active', 'link']);
    kept.patient.link = [...(kept.patient.link ?? []), { other: { reference: mergedUrl }, type: 'replaces' }];
  }
  return tx.build();
}

/** Each PID with the MRG that follows it (before the next PID); a PID without MRG is an AE. */
function mergePairs(message: Hl7Message): { pid: Hl7Segment; mrg: Hl7Segment }[] {
  const pairs: { pid: Hl7Segment; mrg: Hl7Segment }[] = [];
  let pid: Hl7Segment | undefined;
  for (const segment of message.segments) {
    if (segment.name === 'PID') {
      if (pid !== undefined) throw missingMrg();
      pid = segment;
    } else if (segment.name === 'MRG') {
      if (pid === undefined)
        throw new Hl7DataError({ code: '100', text: 'MRG without a PID before it', location: 'MRG' });
      pairs.push({ pid, mrg: segment });
      pid = undefined;
    }
  }
  if (pid !== undefined || pairs.length === 0) throw missingMrg();
  return pairs;
}

function missingMrg(): Hl7DataError {
  return new Hl7DataError({ code: '100', text: 'a merge needs an MRG segment after each PID', location: 'MRG' });
}
