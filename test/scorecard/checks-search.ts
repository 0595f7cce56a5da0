import type { Check } from './check.js';
import { type Fixture, LOINC, MRN, UCUM } from './fixture.js';
import { expectSame, type Wire } from './wire.js';

type Expect = (f: Fixture) => Array<{ resourceType: string; id: string }>;

/** A check that `[type]?query` (scoped to the run) matches exactly the expected resources. */
function finds(area: Check['area'], name: string, query: (f: Fixture) => string, expected: Expect): Check {
  return {
    area,
    name,
    run: async (wire: Wire, f: Fixture) => {
      const found = await wire.matches(f.scoped(query(f)));
      expectSame(
        found,
        expected(f).map((r) => `${r.resourceType}/${r.id}`),
        query(f),
      );
    },
  };
}

/** One search parameter type per area (search.html#ptypes), prefixes and precision included. */
export const SEARCH_CHECKS: Check[] = [
  finds(
    'string',
    'starts-with, case and accent insensitive (search.html#string)',
    (f) => `Patient?family=angstrom${f.run.slice(0, 3)}`,
    (f) => [f.anna],
  ),
  finds(
    'string',
    ':exact is case and accent sensitive (search.html#string)',
    (f) => `Patient?family:exact=Ångström${f.run}`,
    (f) => [f.anna],
  ),
  finds(
    'string',
    ':exact refuses another case (search.html#string)',
    (f) => `Patient?family:exact=ångström${f.run}`,
    () => [],
  ),
  finds(
    'string',
    ':contains matches inside the value (search.html#string)',
    (f) => `Patient?family:contains=gman${f.run}`,
    (f) => [f.bob],
  ),
  finds(
    'string',
    'name searches given and family (search.html#string)',
    () => 'Patient?name=bob',
    (f) => [f.bob],
  ),
  finds(
    'token',
    'system|code (search.html#token)',
    (f) => `Patient?identifier=${MRN}|A1-${f.run}`,
    (f) => [f.anna],
  ),
  finds(
    'token',
    'code alone, any system (search.html#token)',
    () => 'Observation?code=8867-4',
    (f) => [f.heartRateAnna, f.heartRateBob],
  ),
  finds(
    'token',
    'system| any code of the system (search.html#token)',
    () => `Observation?code=${LOINC}|`,
    (f) => [f.heartRateAnna, f.weightAnna, f.heartRateBob],
  ),
  finds(
    'token',
    'comma is OR (search.html#combining)',
    () => 'Patient?gender=male,other',
    (f) => [f.bob, f.cy],
  ),
  finds(
    'token',
    'repeated parameter is AND (search.html#combining)',
    () => 'Observation?code=8867-4&status=final',
    (f) => [f.heartRateAnna],
  ),
  finds(
    'token',
    ':not excludes, resources without the value included (search.html#token)',
    () => 'Patient?gender:not=female',
    (f) => [f.bob, f.cy],
  ),
  finds(
    'token',
    ':text on the display (search.html#token)',
    () => 'Observation?code:text=heart',
    (f) => [f.heartRateAnna, f.heartRateBob],
  ),
  finds(
    'token',
    '_id (search.html#all)',
    (f) => `Patient?_id=${f.cy.id}`,
    (f) => [f.cy],
  ),
  finds(
    'reference',
    'Type/id (search.html#reference)',
    (f) => `Observation?subject=Patient/${f.bob.id}`,
    (f) => [f.heartRateBob],
  ),
  finds(
    'reference',
    'id alone (search.html#reference)',
    (f) => `Observation?subject=${f.bob.id}`,
    (f) => [f.heartRateBob],
  ),
  finds(
    'reference',
    ':[type] modifier (search.html#reference)',
    (f) => `Observation?subject:Patient=${f.bob.id}`,
    (f) => [f.heartRateBob],
  ),
  finds(
    'reference',
    'an absolute URL to this server matches its relative form (references.html)',
    (f) => `Observation?patient=${encodeURIComponent(`${f.baseUrl}/Patient/${f.bob.id}`)}`,
    (f) => [f.heartRateBob],
  ),
  finds(
    'date',
    'eq on a day matches instants inside it (search.html#date)',
    () => 'Observation?date=2024-03-01',
    (f) => [f.heartRateAnna],
  ),
  finds(
    'date',
    'a year, a month (search.html#date)',
    () => 'Patient?birthdate=1980',
    (f) => [f.anna, f.bob],
  ),
  finds(
    'date',
    'ge/lt over ranges and Periods (search.html#prefix)',
    () => 'Observation?date=ge2024-01-15&date=lt2024-04',
    (f) => [f.heartRateAnna, f.heartRateBob],
  ),
  finds(
    'date',
    'sa: starts after the end of the value (search.html#prefix)',
    () => 'Observation?date=sa2024-02-01',
    (f) => [f.heartRateAnna, f.weightAnna],
  ),
  finds(
    'date',
    'eb: ends before the start of the value (search.html#prefix)',
    () => 'Observation?date=eb2024-02-01',
    (f) => [f.heartRateBob],
  ),
  finds(
    'date',
    'ne: outside the implicit range (search.html#prefix)',
    () => 'Patient?birthdate=ne1980-05-15',
    (f) => [f.bob],
  ),
  finds(
    'date',
    '_lastUpdated (search.html#all)',
    () => 'Patient?_lastUpdated=gt2000-01-01',
    (f) => [f.anna, f.bob, f.cy],
  ),
  finds(
    'number',
    'eq with the precision of the value (search.html#number)',
    () => 'RiskAssessment?probability=0.25',
    (f) => [f.risk],
  ),
  finds(
    'number',
    'gt / lt (search.html#number)',
    () => 'RiskAssessment?probability=gt0.2&probability=lt0.3',
    (f) => [f.risk],
  ),
  finds(
    'number',
    'precision: 0.3 is [0.25, 0.35) (search.html#number)',
    () => 'RiskAssessment?probability=0.3',
    (f) => [f.risk],
  ),
  finds(
    'quantity',
    'value|system|code (search.html#quantity)',
    () => `Observation?value-quantity=72|${UCUM}|/min`,
    (f) => [f.heartRateAnna],
  ),
  finds(
    'quantity',
    'gt with a unit (search.html#quantity)',
    () => `Observation?value-quantity=gt80|${UCUM}|/min`,
    (f) => [f.heartRateBob],
  ),
  finds(
    'quantity',
    'value only, any unit (search.html#quantity)',
    () => 'Observation?value-quantity=80.5',
    (f) => [f.weightAnna],
  ),
  finds(
    'quantity',
    'UCUM canonical units: 80500 g finds 80.5 kg (search.html#quantity)',
    () => `Observation?value-quantity=80500|${UCUM}|g`,
    (f) => [f.weightAnna],
  ),
  finds(
    'uri',
    'exact url (search.html#uri)',
    (f) => `ValueSet?url=${f.valueSet.url ?? ''}`,
    (f) => [f.valueSet],
  ),
  finds(
    'uri',
    ':below a path prefix (search.html#uri)',
    () => 'ValueSet?url:below=http://example.org/fhir/ValueSet',
    (f) => [f.valueSet],
  ),
  finds(
    'composite',
    'code$value on the same element (search.html#composite)',
    () => `Observation?code-value-quantity=${LOINC}|8867-4$gt90`,
    (f) => [f.heartRateBob],
  ),
  finds(
    'composite',
    'both parts must hold on one element (search.html#composite)',
    () => `Observation?code-value-quantity=${LOINC}|29463-7$gt90`,
    () => [],
  ),
];
