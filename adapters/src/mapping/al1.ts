import type { AllergyIntolerance } from '@medplum/fhirtypes';
import type { Hl7Segment } from '../hl7/segment.js';
import { patientParts, requiredCode, type AdtSegmentContext } from './adt-segment-context.js';
import { derivedKey } from './derived-keys.js';
import { hl7Code } from './hl7-code.js';

type Category = NonNullable<AllergyIntolerance['category']>[number];

/** HL7 table 0127 allergen type → category (IG ConceptMap AllergenType[AllergyIntoleranceCategory]). */
const categories: Readonly<Record<string, Category>> = {
  DA: 'medication',
  FA: 'food',
  EA: 'environment',
  AA: 'environment',
  PA: 'environment',
  LA: 'environment',
};

/** HL7 table 0128 severity → criticality (IG ConceptMap AllergySeverity[AllergyIntolerance.criticality]). */
const criticality: Readonly<Record<string, NonNullable<AllergyIntolerance['criticality']>>> = {
  SV: 'high',
  MO: 'low',
  MI: 'low',
  U: 'unable-to-assess',
};

/**
 * AL1 → AllergyIntolerance after the V2-to-FHIR IG segment map AL1 → AllergyIntolerance: clinicalStatus
 * active (ait-1 needs one, and AL1 reports current allergies), AL1-2 category and type allergy (not for
 * MC, a contraindication), AL1-3 code, AL1-4 criticality, AL1-5 reactions as manifestation text, AL1-6
 * onset. (The IG's alternate-codes extensions for the original AL1-2/AL1-4 codes are left out.)
 * AL1 has no identifier: the key is `derivedKey('AllergyIntolerance', [patient, AL1-3 system, code])`,
 * since an allergy of a patient is identified by its allergen. Without an AL1-3 code it is left out.
 */
export function mapAl1(al1: Hl7Segment, segment: AdtSegmentContext): void {
  const { ctx, tx } = segment;
  const code = requiredCode(al1, 3, segment);
  if (code === undefined) return;
  const type = hl7Code(al1.field(2).value);
  const category = categories[type ?? ''];
  const severity = hl7Code(al1.field(4).value);
  const mappedCriticality = criticality[severity ?? ''];
  if (severity !== undefined && mappedCriticality === undefined)
    ctx.warn('AL1-4', 'allergy severity not in HL7 table 0128; left out', '103');
  const manifestation = al1
    .field(5)
    .repetitions.flatMap((rep) => (rep.value === undefined ? [] : [{ text: rep.value }]));
  const onset = ctx.dateTime(al1.field(6).repetitions[0], 'AL1-6');
  const key = derivedKey('AllergyIntolerance', [...patientParts(segment), code.system, code.code]);
  const allergy: AllergyIntolerance = {
    resourceType: 'AllergyIntolerance',
    identifier: [key],
    clinicalStatus: {
      coding: [{ system: 'http://terminology.hl7.org/CodeSystem/allergyintolerance-clinical', code: 'active' }],
    },
    ...(type === undefined || type === 'MC' ? {} : { type: 'allergy' }),
    ...(category === undefined ? {} : { category: [category] }),
    ...(mappedCriticality === undefined ? {} : { criticality: mappedCriticality }),
    code: code.concept,
    patient: { reference: segment.patient.fullUrl },
    ...(onset === undefined ? {} : { onsetDateTime: onset }),
    ...(manifestation.length === 0 ? {} : { reaction: [{ manifestation }] }),
  };
  tx.put(allergy, key);
}
