import type { CodeableConcept, Coverage, Organization, Reference } from '@medplum/fhirtypes';
import type { Hl7Segment } from '../hl7/segment.js';
import { patientParts, type AdtSegmentContext } from './adt-segment-context.js';
import { derivedKey } from './derived-keys.js';
import { cweInTable, cweToCodeableConcept } from './cwe.js';
import { cxToIdentifier } from './cx.js';
import { nonEmpty } from './optional.js';
import { xadToAddress } from './xad.js';

/** HL7 table 0063 → subscriber-relationship (IG ConceptMap Relationship, the rows Coverage can take). */
const relationships: Readonly<Record<string, string>> = {
  SEL: 'self',
  SPO: 'spouse',
  CHD: 'child',
  PAR: 'parent',
  OTH: 'other',
};

/**
 * IN1 → Coverage after the V2-to-FHIR IG segment map IN1 → Coverage: status active, beneficiary the
 * Patient, payor the insurer (IN1-3 id, IN1-4 name, IN1-5 address) as an Organization by conditional
 * create on IN1-3 (else a display-only Reference with IN1-4), IN1-2 plan and IN1-8/9 group as `class`,
 * IN1-12/13 period, IN1-15 type (table 0086), IN1-17 relationship (SEL → subscriber the Patient, else
 * IN1-16's name as the subscriber's display), IN1-22 order, IN1-49 subscriberId (R4 has it as a string).
 * IN1-36 policy number (no IG row) is also an identifier, `assigner` the insurer (its numbers are the
 * insurer's), so that a policy is found by `Coverage?identifier=<number>`.
 * Key: `derivedKey('Coverage', [patient, insurer, IN1-36 policy number or IN1-2 plan or IN1-1])`: one
 * patient's coverage by one insurer under one policy (a family policy covers several beneficiaries, so
 * the policy number alone does not identify a Coverage). Without IN1-3 or IN1-4 there is no payor: left
 * out with a warning.
 */
export function mapIn1(in1: Hl7Segment, segment: AdtSegmentContext): void {
  const { ctx, tx } = segment;
  const payor = insurer(in1, segment);
  if (payor === undefined) {
    ctx.warn('IN1-3', 'insurance without insurer id or name: not recorded', '101');
    return;
  }
  const plan = in1.field(2).component(1);
  const policyNumber = in1.field(36).value;
  const policy = policyNumber ?? plan ?? in1.field(1).value ?? '';
  const key = derivedKey('Coverage', [...patientParts(segment), payor.key, policy]);
  const start = ctx.date(in1.field(12).repetitions[0], 'IN1-12');
  const end = ctx.date(in1.field(13).repetitions[0], 'IN1-13');
  const type = cweInTable(in1.field(15).repetitions[0], '0086');
  const relation = in1.field(17).value;
  const mappedRelation = relationships[relation?.toUpperCase() ?? ''];
  const insuredName = in1.field(16).repetitions[0];
  const insured = [insuredName?.component(2), insuredName?.component(1)].filter((s) => s !== undefined).join(' ');
  const order = Number(in1.field(22).value);
  const subscriberId = in1.field(49).value;
  const coverage: Coverage = {
    resourceType: 'Coverage',
    identifier: [key, ...(policyNumber === undefined ? [] : [{ value: policyNumber, assigner: payor.reference }])],
    status: 'active',
    ...(type === undefined ? {} : { type }),
    ...(mappedRelation === 'self'
      ? { subscriber: { reference: segment.patient.fullUrl } }
      : insured === ''
        ? {}
        : { subscriber: { display: insured } }),
    ...(subscriberId === undefined ? {} : { subscriberId }),
    beneficiary: { reference: segment.patient.fullUrl },
    ...relationship(mappedRelation, in1),
    ...(start === undefined && end === undefined ? {} : { period: { ...(start && { start }), ...(end && { end }) } }),
    payor: [payor.reference],
    ...nonEmpty('class', coverageClasses(in1)),
    ...(Number.isInteger(order) && order > 0 ? { order } : {}),
  };
  tx.put(coverage, key);
}

function relationship(mapped: string | undefined, in1: Hl7Segment): Pick<Coverage, 'relationship'> {
  if (mapped !== undefined) {
    return {
      relationship: {
        coding: [{ system: 'http://terminology.hl7.org/CodeSystem/subscriber-relationship', code: mapped }],
      },
    };
  }
  const v2 = cweInTable(in1.field(17).repetitions[0], '0063');
  return v2 === undefined ? {} : { relationship: v2 };
}

/** The insurer: an Organization on its IN1-3 identifier, else a Reference showing the IN1-4 name. */
function insurer(
  in1: Hl7Segment,
  segment: AdtSegmentContext,
): { reference: Reference<Organization>; key: string } | undefined {
  const id = in1.field(3).repetitions[0];
  const identifier = id === undefined ? undefined : cxToIdentifier(id, segment.ctx);
  const name = in1.field(4).component(1);
  if (identifier?.system === undefined || identifier.value === undefined) {
    return name === undefined ? undefined : { reference: { display: name }, key: name };
  }
  const address = in1.field(5).repetitions.flatMap((rep) => xadToAddress(rep) ?? []);
  const organization: Organization = {
    resourceType: 'Organization',
    identifier: [identifier],
    ...(name === undefined ? {} : { name }),
    ...nonEmpty('address', address),
  };
  const key = { system: identifier.system, value: identifier.value };
  const fullUrl = segment.tx.createIfMissing(organization, key);
  return {
    reference: { reference: fullUrl, ...(name === undefined ? {} : { display: name }) },
    key: `${key.system}|${key.value}`,
  };
}

/** IN1-2 health plan → class plan, IN1-8 group number / IN1-9 group name → class group (coverage-class). */
function coverageClasses(in1: Hl7Segment): NonNullable<Coverage['class']> {
  const type = (code: string): CodeableConcept => ({
    coding: [{ system: 'http://terminology.hl7.org/CodeSystem/coverage-class', code }],
  });
  const plan = cweToCodeableConcept(in1.field(2).repetitions[0]);
  const group = in1.field(8).value;
  const groupName = in1.field(9).component(1);
  return [
    ...(plan?.coding?.[0]?.code === undefined
      ? []
      : [{ type: type('plan'), value: plan.coding[0].code, ...(plan.text === undefined ? {} : { name: plan.text }) }]),
    ...(group === undefined
      ? []
      : [{ type: type('group'), value: group, ...(groupName === undefined ? {} : { name: groupName }) }]),
  ];
}
