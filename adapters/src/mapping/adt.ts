import type { BundleEntry, Encounter } from '@medplum/fhirtypes';
import type { Hl7Message } from '../hl7/message.js';
import { identifierConditionalUrl } from './conditional-url.js';
import { Hl7DataError } from './data-error.js';
import type { MappingContext } from './mapping-context.js';
import type { MappingResult } from './mapping-result.js';
import type { MessageMapper } from './message-mapper.js';
import { mapPid } from './pid.js';
import { mapPv1 } from './pv1.js';

/**
 * What each ADT trigger does to the Encounter. Status per the V2-to-FHIR IG ConceptMap
 * table-hl70003-to-encounter-status: A01 admit → in-progress, A04 register → planned. A08 (update patient
 * information) does not convey the encounter's state (the IG maps it to `unknown` for that reason), so it
 * must not overwrite a known one: its Encounter is a conditional create, which leaves an existing encounter
 * as it is and only records a missing one, as `unknown`.
 */
const triggers: Readonly<Record<string, { status: Encounter['status']; encounterMethod: 'PUT' | 'POST' }>> = {
  A01: { status: 'in-progress', encounterMethod: 'PUT' },
  A04: { status: 'planned', encounterMethod: 'PUT' },
  A08: { status: 'unknown', encounterMethod: 'POST' },
};

/**
 * ADT^A01/A04/A08 → a FHIR transaction Bundle (V2-to-FHIR IG message maps ADT_A01 → Bundle):
 * the Patient as `PUT Patient?identifier=…` (conditional update on the PID-3 key), the Encounter (when
 * PV1-19 is present) as `PUT Encounter?identifier=…` (A08: conditional create), its subject pointing at
 * the Patient's `urn:uuid:` fullUrl, which the server resolves inside the transaction.
 */
function mapAdt(message: Hl7Message, trigger: string, ctx: MappingContext): MappingResult {
  const rule = triggers[trigger];
  const pid = message.get('PID');
  if (rule === undefined) throw new Error(`mapAdt called for an unsupported trigger ${trigger}`);
  if (pid === undefined)
    throw new Hl7DataError({ code: '100', text: 'the message has no PID segment', location: 'PID' });
  const { patient, key } = mapPid(pid, ctx);
  const patientFullUrl = `urn:uuid:${ctx.newUuid()}`;
  const entry: BundleEntry[] = [
    {
      fullUrl: patientFullUrl,
      resource: patient,
      request: { method: 'PUT', url: identifierConditionalUrl('Patient', key) },
    },
  ];
  const pv1 = message.get('PV1');
  const visit = pv1 === undefined ? undefined : mapPv1(pv1, ctx, rule.status, patientFullUrl);
  if (visit !== undefined) {
    const url = identifierConditionalUrl('Encounter', visit.key);
    entry.push({
      fullUrl: `urn:uuid:${ctx.newUuid()}`,
      resource: visit.encounter,
      request:
        rule.encounterMethod === 'PUT'
          ? { method: 'PUT', url }
          : { method: 'POST', url: 'Encounter', ifNoneExist: url.slice('Encounter?'.length) },
    });
  }
  return { bundle: { resourceType: 'Bundle', type: 'transaction', entry }, warnings: ctx.warnings };
}

export const adtMapper: MessageMapper = { messageCode: 'ADT', triggers: Object.keys(triggers), map: mapAdt };
