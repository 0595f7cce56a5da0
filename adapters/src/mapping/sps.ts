import type { Specimen } from '@medplum/fhirtypes';
import type { Hl7Segment } from '../hl7/segment.js';
import { cqToQuantity } from './cq.js';
import { codingSystem } from './cwe.js';
import type { MappingContext } from './mapping-context.js';
import type { SpecimenLinks } from './spm.js';

/**
 * OBR-15 (SPS, specimen source: SPS.1 source name or code, a CWE in subcomponents ^ SPS.2 additives ^
 * SPS.3 collection method ^ SPS.4 body site, a CWE in subcomponents), the specimen of messages older
 * than SPM (v2.3–v2.4), with OBR-7 collected, OBR-9 collection volume and OBR-14 received, after the
 * V2-to-FHIR IG segment map OBR[Specimen]. Undefined when OBR-15 is empty.
 */
export function obrSpecimen(obr: Hl7Segment, links: SpecimenLinks, ctx: MappingContext): Specimen | undefined {
  const sps = obr.field(15).repetitions[0];
  if (sps === undefined || sps.isNull) return undefined;
  const concept = (component: number, defaultSystem?: string): Specimen['type'] => {
    const code = sps.component(component, 1);
    const text = sps.component(component, 2);
    if (code === undefined && text === undefined) return undefined;
    const system = codingSystem(sps.component(component, 3)) ?? defaultSystem;
    return {
      ...(code === undefined ? {} : { coding: [{ ...(system === undefined ? {} : { system }), code }] }),
      ...(text === undefined ? {} : { text }),
    };
  };
  const type = concept(1, 'http://terminology.hl7.org/CodeSystem/v2-0070');
  const bodySite = concept(4);
  const methodText = sps.component(3);
  const collected = ctx.dateTime(obr.field(7).repetitions[0], 'OBR-7');
  const received = ctx.dateTime(obr.field(14).repetitions[0], 'OBR-14');
  const quantity = cqToQuantity(obr.field(9).repetitions[0]);
  const collection = {
    ...(collected === undefined ? {} : { collectedDateTime: collected }),
    ...(quantity === undefined ? {} : { quantity }),
    ...(methodText === undefined ? {} : { method: { text: methodText } }),
    ...(bodySite === undefined ? {} : { bodySite }),
  };
  return {
    resourceType: 'Specimen',
    ...(type === undefined ? {} : { type }),
    subject: links.subject,
    ...(received === undefined ? {} : { receivedTime: received }),
    ...(links.request === undefined ? {} : { request: [links.request] }),
    ...(Object.keys(collection).length === 0 ? {} : { collection }),
  };
}
