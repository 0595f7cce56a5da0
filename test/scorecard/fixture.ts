import { randomBytes } from 'node:crypto';
import type {
  Encounter,
  Observation,
  Organization,
  Patient,
  Resource,
  RiskAssessment,
  ValueSet,
} from '@medplum/fhirtypes';
import type { Wire } from './wire.js';

export const MRN = 'http://example.org/scorecard/mrn';
export const LOINC = 'http://loinc.org';
export const UCUM = 'http://unitsofmeasure.org';

/**
 * The data the checks search: three patients, an organization, observations with codes, values
 * and dates, an encounter, a risk assessment and a value set. Every resource carries the run's tag,
 * so checks scope their searches with `_tag` and can run against a server that holds other data.
 */
export interface Fixture {
  /** The FHIR base the data was written to. */
  baseUrl: string;
  /** `system|code` of this run's tag. */
  tag: string;
  /** A suffix unique to this run, in names and identifiers. */
  run: string;
  org: Organization & { id: string };
  anna: Patient & { id: string };
  bob: Patient & { id: string };
  cy: Patient & { id: string };
  heartRateAnna: Observation & { id: string };
  weightAnna: Observation & { id: string };
  heartRateBob: Observation & { id: string };
  encounter: Encounter & { id: string };
  risk: RiskAssessment & { id: string };
  valueSet: ValueSet & { id: string };
  /** `[type]?…&_tag=…`: a search over this run's data only. */
  scoped(typeAndQuery: string): string;
}

export async function seedFixture(wire: Wire): Promise<Fixture> {
  const run = `sc${randomBytes(4).toString('hex')}`;
  const meta = { tag: [{ system: 'urn:nexus:scorecard', code: run }] };
  const tag = `urn:nexus:scorecard|${run}`;
  const make = <T extends Resource>(resource: T) => wire.create<T>({ ...resource, meta });
  const org = await make<Organization>({ resourceType: 'Organization', name: `Scorecard Hospital ${run}` });
  const anna = await make<Patient>({
    resourceType: 'Patient',
    name: [{ family: `Ångström${run}`, given: ['Anna'] }],
    birthDate: '1980-05-15',
    gender: 'female',
    identifier: [{ system: MRN, value: `A1-${run}` }],
    telecom: [{ system: 'email', value: `anna.${run}@example.org` }],
    managingOrganization: { reference: `Organization/${org.id}` },
  });
  const bob = await make<Patient>({
    resourceType: 'Patient',
    name: [{ family: `Bergman${run}`, given: ['Bob'] }],
    birthDate: '1980-05',
    gender: 'male',
    identifier: [
      {
        system: MRN,
        value: `B2-${run}`,
        type: { coding: [{ system: 'http://terminology.hl7.org/CodeSystem/v2-0203', code: 'MR' }] },
      },
    ],
  });
  const cy = await make<Patient>({ resourceType: 'Patient', name: [{ family: `Carlsson${run}` }], gender: 'other' });
  const observation = (patient: string, code: string, value: number, unit: string, when: Partial<Observation>) =>
    make<Observation>({
      resourceType: 'Observation',
      status: 'final',
      code: { coding: [{ system: LOINC, code, display: code === '8867-4' ? 'Heart rate' : 'Body weight' }] },
      subject: { reference: `Patient/${patient}` },
      valueQuantity: { value, unit, system: UCUM, code: unit },
      ...when,
    });
  const heartRateAnna = await observation(anna.id, '8867-4', 72, '/min', { effectiveDateTime: '2024-03-01T10:00:00Z' });
  const weightAnna = await observation(anna.id, '29463-7', 80.5, 'kg', { effectiveDateTime: '2024-06-15' });
  const heartRateBob = await observation(bob.id, '8867-4', 100, '/min', {
    status: 'preliminary',
    effectivePeriod: { start: '2024-01-01', end: '2024-01-31' },
  });
  const encounter = await make<Encounter>({
    resourceType: 'Encounter',
    status: 'finished',
    class: { system: 'http://terminology.hl7.org/CodeSystem/v3-ActCode', code: 'AMB' },
    subject: { reference: `Patient/${anna.id}` },
    period: { start: '2024-03-01T09:00:00Z', end: '2024-03-01T11:00:00Z' },
  });
  const risk = await make<RiskAssessment>({
    resourceType: 'RiskAssessment',
    status: 'final',
    subject: { reference: `Patient/${anna.id}` },
    prediction: [{ probabilityDecimal: 0.25 }],
  });
  const valueSet = await make<ValueSet>({
    resourceType: 'ValueSet',
    status: 'active',
    url: `http://example.org/fhir/ValueSet/heart-${run}`,
    compose: { include: [{ system: LOINC, concept: [{ code: '8867-4' }] }] },
  });
  const scoped = (typeAndQuery: string) =>
    `${typeAndQuery}${typeAndQuery.includes('?') ? '&' : '?'}_tag=${encodeURIComponent(tag)}`;
  return {
    baseUrl: wire.baseUrl,
    tag,
    run,
    org,
    anna,
    bob,
    cy,
    heartRateAnna,
    weightAnna,
    heartRateBob,
    encounter,
    risk,
    valueSet,
    scoped,
  };
}
