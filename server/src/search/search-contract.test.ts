import { describe, it } from 'mocha';
import { expect } from 'chai';
import { Query } from 'mingo';
import type { Condition, Encounter, Observation, Patient, Resource } from '@medplum/fhirtypes';
import { SearchParameterRegistry } from '@nexushealth/conformance';
import { compileSearch } from './compile-search.js';
import { extractIndex } from './extract-index.js';
import { parseSearchRequest } from './parse-search-request.js';
import { loadSyntheaPatientBundle } from './synthea-fixture.test-support.js';

/**
 * The contract the store backends share: filters compiled here, evaluated by mingo (the memory
 * engine) over records indexed by extractIndex from a real Synthea bundle. Every expectation is
 * computed from the raw JSON, independently of the extractor. The store team runs the same
 * filters on FerretDB.
 */
const registry = SearchParameterRegistry.loadBase();
const resources = loadSyntheaPatientBundle();
const LAST_UPDATED = '2026-12-03T11:32:49.123Z';
const records = resources.map((resource) => ({
  resourceType: resource.resourceType,
  id: resource.id,
  lastUpdated: LAST_UPDATED,
  ...extractIndex(resource, registry),
  resource,
}));

function search(resourceType: string, query: string): string[] {
  const params = [...new URLSearchParams(query)];
  const request = compileSearch(parseSearchRequest(resourceType, params, registry));
  const found = new Query(request.filter, {})
    .find(records.filter((r) => r.resourceType === resourceType))
    .sort(Object.fromEntries(request.sort));
  return found.all().map((r) => String((r as { id: string }).id));
}

function ids<T extends Resource>(type: T['resourceType'], where: (r: T) => boolean = () => true): string[] {
  return resources
    .filter((r): r is T => r.resourceType === type)
    .filter(where)
    .map((r) => r.id ?? '')
    .sort();
}

const sorted = (list: string[]): string[] => [...list].sort();
const patient = resources.find((r): r is Patient => r.resourceType === 'Patient');
if (!patient?.id) throw new Error('fixture has no Patient');
const patientId = patient.id;
const observations = resources.filter((r): r is Observation => r.resourceType === 'Observation');
const encounters = resources.filter((r): r is Encounter => r.resourceType === 'Encounter');
const ms = (text: string | undefined): number => (text === undefined ? NaN : Date.parse(text));

describe('search contract (mingo over a Synthea bundle)', () => {
  it('Patient by name, family, given: case/accent-insensitive starts-with, :exact, :contains', () => {
    const family = patient.name?.[0]?.family ?? '';
    const given = patient.name?.[0]?.given?.[0] ?? '';
    expect(search('Patient', `name=${family.slice(0, 4).toUpperCase()}`)).to.deep.equal([patientId]);
    expect(search('Patient', `family=${family}`)).to.deep.equal([patientId]);
    expect(search('Patient', `given=${given.toLowerCase()}`)).to.deep.equal([patientId]);
    // Accent-insensitive: "Cécé" normalises to "cece", a prefix of "cecelia952".
    expect(search('Patient', `given=${given.slice(0, 1)}é${given.slice(2, 3)}É`)).to.deep.equal([patientId]);
    expect(search('Patient', `given=${given}x`)).to.deep.equal([]);
    expect(search('Patient', `name:exact=${given}`)).to.deep.equal([patientId]);
    expect(search('Patient', `name:exact=${given.toLowerCase()}`)).to.deep.equal([]);
    expect(search('Patient', `name:contains=${given.slice(2, 6)}`)).to.deep.equal([patientId]);
    expect(search('Patient', `name=${given.slice(2, 6)}`)).to.deep.equal([]);
    expect(search('Patient', 'name=zzz,' + family.slice(0, 3))).to.deep.equal([patientId]);
    expect(search('Patient', 'name=.*')).to.deep.equal([]);
  });

  it('Patient by identifier (Synthea MRN system|value), gender, _id', () => {
    const mrn = patient.identifier?.find((i) => i.type?.coding?.some((c) => c.code === 'MR'));
    expect(search('Patient', `identifier=${mrn?.system}|${mrn?.value}`)).to.deep.equal([patientId]);
    expect(search('Patient', `identifier=${mrn?.value}`)).to.deep.equal([patientId]);
    expect(search('Patient', `identifier=http://other.example|${mrn?.value}`)).to.deep.equal([]);
    expect(search('Patient', `identifier=${mrn?.system}|`)).to.deep.equal([patientId]);
    expect(search('Patient', `gender=${patient.gender}`)).to.deep.equal([patientId]);
    expect(search('Patient', `gender=${patient.gender === 'male' ? 'female' : 'male'}`)).to.deep.equal([]);
    expect(search('Patient', `_id=${patientId}`)).to.deep.equal([patientId]);
  });

  it('Patient by birthdate at year, month and day precision, with prefixes', () => {
    const birthDate = patient.birthDate ?? '';
    const [y = '', m = '', d = ''] = birthDate.split('-');
    const hit = [patientId];
    expect(search('Patient', `birthdate=${y}`)).to.deep.equal(hit);
    expect(search('Patient', `birthdate=${y}-${m}`)).to.deep.equal(hit);
    expect(search('Patient', `birthdate=${birthDate}`)).to.deep.equal(hit);
    expect(search('Patient', `birthdate=${y}-${m}-${String((Number(d) % 28) + 1).padStart(2, '0')}`)).to.deep.equal([]);
    expect(search('Patient', `birthdate=ge${birthDate}`)).to.deep.equal(hit);
    expect(search('Patient', `birthdate=lt${birthDate}`)).to.deep.equal([]);
    expect(search('Patient', `birthdate=lt${Number(y) + 1}`)).to.deep.equal(hit);
    expect(search('Patient', `birthdate=gt${y}`)).to.deep.equal([]);
    expect(search('Patient', `birthdate=ne${y}`)).to.deep.equal([]);
    expect(search('Patient', `birthdate=sa${Number(y) - 1}&birthdate=eb${Number(y) + 1}`)).to.deep.equal(hit);
  });

  it('Observation by code (LOINC system|code and code alone), category, :not', () => {
    const loinc = observations[0]?.code.coding?.find((c) => c.system === 'http://loinc.org')?.code ?? '';
    const withCode = ids<Observation>(
      'Observation',
      (o) => o.code.coding?.some((c) => c.system === 'http://loinc.org' && c.code === loinc) ?? false,
    );
    expect(withCode.length).to.be.greaterThan(0);
    expect(sorted(search('Observation', `code=http://loinc.org|${loinc}`))).to.deep.equal(withCode);
    expect(sorted(search('Observation', `code=${loinc}`))).to.deep.equal(withCode);
    expect(search('Observation', `code=http://snomed.info/sct|${loinc}`)).to.deep.equal([]);
    const others = ids<Observation>('Observation').filter((id) => !withCode.includes(id));
    expect(sorted(search('Observation', `code:not=http://loinc.org|${loinc}`))).to.deep.equal(others);
    for (const category of ['vital-signs', 'laboratory', 'survey']) {
      const expected = ids<Observation>(
        'Observation',
        (o) => o.category?.some((cc) => cc.coding?.some((c) => c.code === category)) ?? false,
      );
      expect(sorted(search('Observation', `category=${category}`)), category).to.deep.equal(expected);
    }
  });

  it('Observation by date ranges (effective[x]) and sorted by date', () => {
    const years = observations.map((o) => Number(o.effectiveDateTime?.slice(0, 4)));
    const year = years[Math.floor(years.length / 2)] ?? 2000;
    const inYear = (o: Observation): boolean =>
      ms(o.effectiveDateTime) >= Date.UTC(year, 0, 1) && ms(o.effectiveDateTime) < Date.UTC(year + 1, 0, 1);
    expect(sorted(search('Observation', `date=${year}`))).to.deep.equal(ids('Observation', inYear));
    expect(sorted(search('Observation', `date=ge${year}-01-01&date=lt${year + 1}-01-01`))).to.deep.equal(
      ids('Observation', inYear),
    );
    const before = (o: Observation): boolean => ms(o.effectiveDateTime) < Date.UTC(year, 0, 1);
    expect(sorted(search('Observation', `date=lt${year}`))).to.deep.equal(ids('Observation', before));
    const order = search('Observation', '_sort=date').map((id) =>
      ms(observations.find((o) => o.id === id)?.effectiveDateTime),
    );
    expect(order).to.deep.equal([...order].sort((a, b) => a - b));
  });

  it('Observation by subject and patient references', () => {
    const all = ids('Observation');
    expect(sorted(search('Observation', `subject=Patient/${patientId}`))).to.deep.equal(all);
    expect(sorted(search('Observation', `patient=${patientId}`))).to.deep.equal(all);
    expect(sorted(search('Observation', `subject=${patientId}`))).to.deep.equal(all);
    expect(sorted(search('Observation', `subject:Patient=${patientId}`))).to.deep.equal(all);
    expect(search('Observation', `subject=Group/${patientId}`)).to.deep.equal([]);
    expect(records.find((r) => r.resourceType === 'Observation')?.compartments).to.deep.equal([`Patient/${patientId}`]);
  });

  it('Encounter by date and status', () => {
    const start = encounters[0]?.period?.start ?? '';
    const day = start.slice(0, 10);
    const dayLo = Date.parse(`${day}T00:00:00Z`);
    const within = (e: Encounter): boolean => ms(e.period?.start) >= dayLo && ms(e.period?.end) < dayLo + 86_400_000;
    expect(sorted(search('Encounter', `date=${day}`))).to.deep.equal(ids('Encounter', within));
    // ge: ends after the day, or lies within it (search.html#prefix).
    const after = (e: Encounter): boolean => ms(e.period?.end) >= dayLo + 86_400_000 || within(e);
    expect(sorted(search('Encounter', `date=ge${day}`))).to.deep.equal(ids('Encounter', after));
    expect(sorted(search('Encounter', 'status=finished'))).to.deep.equal(
      ids<Encounter>('Encounter', (e) => e.status === 'finished'),
    );
    expect(sorted(search('Encounter', `patient=Patient/${patientId}&status=finished,planned`))).to.deep.equal(
      ids<Encounter>('Encounter', (e) => e.status === 'finished'),
    );
  });

  it('Condition by code; :missing; _lastUpdated', () => {
    const condition = resources.find((r): r is Condition => r.resourceType === 'Condition');
    const coding = condition?.code?.coding?.[0];
    expect(search('Condition', `code=${coding?.system}|${coding?.code}`)).to.deep.equal(ids('Condition'));
    const noValue = ids<Observation>('Observation', (o) => o.valueQuantity === undefined);
    expect(sorted(search('Observation', 'value-quantity:missing=true'))).to.deep.equal(noValue);
    expect(search('Condition', `_lastUpdated=${LAST_UPDATED.slice(0, 10)}`)).to.deep.equal(ids('Condition'));
    expect(search('Condition', `_lastUpdated=gt${LAST_UPDATED.slice(0, 10)}`)).to.deep.equal([]);
  });
});
