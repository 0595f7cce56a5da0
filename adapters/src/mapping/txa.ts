import type {
  Coding,
  DocumentReference,
  DocumentReferenceRelatesTo,
  Practitioner,
  Reference,
} from '@medplum/fhirtypes';
import type { Hl7Segment } from '../hl7/segment.js';
import { cxToIdentifier } from './cx.js';
import { cweToCodeableConcept } from './cwe.js';
import { Hl7DataError } from './data-error.js';
import { eiToIdentifier } from './ei.js';
import type { MappingContext } from './mapping-context.js';
import { practitionerReference } from './practitioner-reference.js';
import type { TransactionBuilder } from './transaction-builder.js';
import type { IdentifierKey } from './conditional-url.js';
import { hl7Code } from './hl7-code.js';

/**
 * HL7 table 0271 document completion status → DocumentReference.docStatus (composition-status). The IG
 * maps TXA-17 to docStatus without a ConceptMap: authenticated documents are final, the stages before
 * authentication preliminary.
 */
const docStatus: Readonly<Record<string, NonNullable<DocumentReference['docStatus']>>> = {
  AU: 'final',
  LA: 'final',
  DI: 'preliminary',
  DO: 'preliminary',
  IN: 'preliminary',
  IP: 'preliminary',
  PA: 'preliminary',
};

/**
 * HL7 table 0273 document availability status → DocumentReference.status (document-reference-status):
 * available (and unavailable, which limits use but does not retract it) → current, obsolete → superseded,
 * canceled → entered-in-error. Not sent → current.
 */
const availability: Readonly<Record<string, DocumentReference['status']>> = {
  AV: 'current',
  UN: 'current',
  OB: 'superseded',
  CA: 'entered-in-error',
};

/** HL7 table 0272 confidentiality → v3 Confidentiality (DocumentReference.securityLabel). */
const confidentiality: Readonly<Record<string, Coding>> = {
  UC: { system: 'http://terminology.hl7.org/CodeSystem/v3-Confidentiality', code: 'N', display: 'normal' },
  RE: { system: 'http://terminology.hl7.org/CodeSystem/v3-Confidentiality', code: 'R', display: 'restricted' },
  VR: { system: 'http://terminology.hl7.org/CodeSystem/v3-Confidentiality', code: 'V', display: 'very restricted' },
};

export interface MappedDocument {
  /** Everything but subject, context.encounter and content, which come from PID, PV1 and OBX. */
  readonly document: Omit<DocumentReference, 'content'>;
  /** TXA-12, the conditional key. */
  readonly key: IdentifierKey;
}

/**
 * TXA → DocumentReference after the V2-to-FHIR IG segment map TXA → DocumentReference: TXA-2 type,
 * TXA-12 unique document number → masterIdentifier (R4's `identifier` search parameter covers it, so it
 * keys the conditional update), TXA-16 file name → identifier, TXA-17 → docStatus, TXA-18 →
 * securityLabel, TXA-19 → status, TXA-6 origination → date, TXA-9 originator → author (TXA-5 primary
 * activity provider when no originator is sent), TXA-10 → authenticator (else the TXA-22 authentication
 * person), TXA-25 title → description, TXA-4 activity time → context.period.start. TXA-13 parent
 * document → relatesTo (`appends`, or `replaces` for a T10 replacement) by identifier.
 */
export function mapTxa(txa: Hl7Segment, trigger: string, ctx: MappingContext, tx: TransactionBuilder): MappedDocument {
  const key = documentKey(txa, ctx);
  const fileName = txa.field(16).repetitions[0];
  const identifier = fileName === undefined ? undefined : cxToIdentifier(fileName, ctx);
  const type = cweToCodeableConcept(txa.field(2).repetitions[0], 'http://terminology.hl7.org/CodeSystem/v2-0270');
  const completion = code(txa, 17, docStatus, ctx);
  const label = code(txa, 18, confidentiality, ctx);
  const date = ctx.instant(txa.field(6).repetitions[0], 'TXA-6');
  const activity = ctx.dateTime(txa.field(4).repetitions[0], 'TXA-4');
  const author = people(txa, txa.field(9).isEmpty ? 5 : 9, ctx, tx);
  const [authenticator] = txa.field(10).isEmpty ? people(txa, 22, ctx, tx) : people(txa, 10, ctx, tx);
  const description = txa.field(25).value;
  const relatesTo = parent(txa, trigger, ctx);
  const document: Omit<DocumentReference, 'content'> = {
    resourceType: 'DocumentReference',
    masterIdentifier: key,
    ...(identifier === undefined ? {} : { identifier: [identifier] }),
    status: code(txa, 19, availability, ctx) ?? 'current',
    ...(completion === undefined ? {} : { docStatus: completion }),
    ...(type === undefined ? {} : { type }),
    ...(date === undefined ? {} : { date }),
    ...(author.length === 0 ? {} : { author }),
    ...(authenticator === undefined ? {} : { authenticator }),
    ...(relatesTo === undefined ? {} : { relatesTo: [relatesTo] }),
    ...(description === undefined ? {} : { description }),
    ...(label === undefined ? {} : { securityLabel: [{ coding: [label] }] }),
    ...(activity === undefined ? {} : { context: { period: { start: activity } } }),
  };
  return { document, key };
}

/** TXA-12 unique document number, the document's conditional key; required (AE without it). */
export function documentKey(txa: Hl7Segment, ctx: MappingContext): IdentifierKey {
  const key = eiToIdentifier(txa.field(12).repetitions[0], ctx);
  if (key === undefined) {
    throw new Hl7DataError({ code: '101', text: 'TXA-12 unique document number is missing', location: 'TXA-12' });
  }
  return key;
}

/** A coded ID field through its table; a code outside the table is left out with a warning. */
function code<T>(txa: Hl7Segment, n: number, table: Readonly<Record<string, T>>, ctx: MappingContext): T | undefined {
  const value = hl7Code(txa.field(n).value)?.toUpperCase();
  if (value === undefined) return undefined;
  const mapped = table[value];
  if (mapped === undefined) ctx.warn(`TXA-${n}`, 'code not in its HL7 table; left out', '103');
  return mapped;
}

/** The XCN repetitions of a field (or the XCN part of PPN, which extends XCN) as Practitioner references. */
function people(txa: Hl7Segment, n: number, ctx: MappingContext, tx: TransactionBuilder): Reference<Practitioner>[] {
  return txa
    .field(n)
    .repetitions.map((rep) => practitionerReference(rep, ctx, tx))
    .filter((r) => r !== undefined);
}

function parent(txa: Hl7Segment, trigger: string, ctx: MappingContext): DocumentReferenceRelatesTo | undefined {
  const identifier = eiToIdentifier(txa.field(13).repetitions[0], ctx);
  if (identifier === undefined) return undefined;
  return { code: trigger === 'T10' ? 'replaces' : 'appends', target: { identifier } };
}
