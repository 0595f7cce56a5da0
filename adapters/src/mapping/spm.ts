import type { Identifier, Patient, Reference, ServiceRequest, Specimen } from '@medplum/fhirtypes';
import type { Hl7Segment } from '../hl7/segment.js';
import { cqToQuantity } from './cq.js';
import { cweToCodeableConcept } from './cwe.js';
import { cxToIdentifier } from './cx.js';
import { eipPartToIdentifier } from './ei.js';
import type { MappingContext } from './mapping-context.js';
import type { IdentifierKey } from './conditional-url.js';
import { textOf } from './text.js';

/** HL7 table 0136 (SPM-20 specimen availability) → specimen-status. */
const availability: Readonly<Record<string, Specimen['status']>> = { Y: 'available', N: 'unavailable' };

export interface SpecimenLinks {
  readonly subject: Reference<Patient>;
  readonly request?: Reference<ServiceRequest> | undefined;
}

export interface MappedSpecimen {
  readonly specimen: Specimen;
  /** SPM-2 filler part, else placer part; undefined when SPM-2 is empty (the caller derives one). */
  readonly key?: IdentifierKey | undefined;
}

/**
 * SPM → Specimen after the V2-to-FHIR IG segment map SPM[Specimen]: SPM-2 identifiers (placer and
 * filler parts of the EIP), SPM-4 type (table 0487), SPM-6 additive, SPM-7 collection method, SPM-8
 * body site, SPM-12 collected quantity, SPM-14 description → note, SPM-17 collected (a period when
 * SPM-17.2 is sent), SPM-18 received, SPM-20 status, SPM-24 condition, SPM-27 container type, SPM-30
 * accession identifier.
 */
export function mapSpm(spm: Hl7Segment, links: SpecimenLinks, ctx: MappingContext): MappedSpecimen {
  const id = spm.field(2).repetitions[0];
  const placer = eipPartToIdentifier(id, 1, ctx);
  const filler = eipPartToIdentifier(id, 2, ctx);
  const identifier = [placer, filler].filter((i): i is NonNullable<typeof placer> => i !== undefined);
  const accession = spm.field(30).repetitions[0];
  const accessionIdentifier: Identifier | undefined =
    accession === undefined ? undefined : cxToIdentifier(accession, ctx);
  const type = cweToCodeableConcept(spm.field(4).repetitions[0], 'http://terminology.hl7.org/CodeSystem/v2-0487');
  const status = availability[spm.field(20).value ?? ''];
  const received = ctx.dateTime(spm.field(18).repetitions[0], 'SPM-18');
  const condition = spm.field(24).repetitions.flatMap((rep) => cweToCodeableConcept(rep) ?? []);
  const note = spm.field(14).repetitions.flatMap((rep) => {
    const text = textOf(rep, ctx);
    return text === undefined ? [] : [{ text }];
  });
  const collection = collectionOf(spm, ctx);
  const container = containerOf(spm);
  const specimen: Specimen = {
    resourceType: 'Specimen',
    ...(identifier.length === 0 ? {} : { identifier }),
    ...(accessionIdentifier === undefined ? {} : { accessionIdentifier }),
    ...(status === undefined ? {} : { status }),
    ...(type === undefined ? {} : { type }),
    subject: links.subject,
    ...(received === undefined ? {} : { receivedTime: received }),
    ...(links.request === undefined ? {} : { request: [links.request] }),
    ...(collection === undefined ? {} : { collection }),
    ...(container === undefined ? {} : { container: [container] }),
    ...(condition.length === 0 ? {} : { condition }),
    ...(note.length === 0 ? {} : { note }),
  };
  const key = filler ?? placer;
  return { specimen, ...(key === undefined ? {} : { key: { system: key.system, value: key.value } }) };
}

function collectionOf(spm: Hl7Segment, ctx: MappingContext): Specimen['collection'] {
  const range = spm.field(17);
  const start = ctx.dateTime(range.repetitions[0], 'SPM-17');
  const end = ctx.dateTimeOf(range.component(2), 'SPM-17.2');
  const quantity = cqToQuantity(spm.field(12).repetitions[0]);
  const method = cweToCodeableConcept(spm.field(7).repetitions[0], 'http://terminology.hl7.org/CodeSystem/v2-0488');
  const bodySite = cweToCodeableConcept(spm.field(8).repetitions[0]);
  const collected =
    end === undefined
      ? start === undefined
        ? {}
        : { collectedDateTime: start }
      : { collectedPeriod: { ...(start === undefined ? {} : { start }), end } };
  const collection = {
    ...collected,
    ...(quantity === undefined ? {} : { quantity }),
    ...(method === undefined ? {} : { method }),
    ...(bodySite === undefined ? {} : { bodySite }),
  };
  return Object.keys(collection).length === 0 ? undefined : collection;
}

function containerOf(spm: Hl7Segment): NonNullable<Specimen['container']>[number] | undefined {
  const type = cweToCodeableConcept(spm.field(27).repetitions[0]);
  const additive = cweToCodeableConcept(spm.field(6).repetitions[0], 'http://terminology.hl7.org/CodeSystem/v2-0371');
  if (type === undefined && additive === undefined) return undefined;
  return {
    ...(type === undefined ? {} : { type }),
    ...(additive === undefined ? {} : { additiveCodeableConcept: additive }),
  };
}
