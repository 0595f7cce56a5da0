// Search over a large data set: Organizations, Patients and their Observations loaded through
// transactions, then token, string, date, chained, _include and _revinclude searches (and a token
// search with _total=accurate, to show what counting costs) under a fixed concurrency.
import type { Bundle, BundleEntry, Observation, Organization, Patient } from '@medplum/fhirtypes';
import { randomUUID } from 'node:crypto';
import type { Row } from './figures-table.js';
import { type LoadOptions, runLoad } from './load-runner.js';
import { authorizationFor } from '../test/support/server-credentials.js';

const SURNAMES = ['Smith', 'Johnson', 'Garcia', 'Müller', 'Nguyen', 'Okafor', 'Kowalski', 'Rossi', 'Tanaka', 'Silva'];
const GIVEN = ['Ana', 'Ben', 'Chen', 'Dara', 'Eli', 'Fatima', 'Goran', 'Hana'];
const CODES = Array.from({ length: 20 }, (_, i) => `${1000 + i}-${i % 10}`);
const LOINC = 'http://loinc.org';
const OBSERVATIONS_PER_PATIENT = 4;
const ORGANIZATIONS = 50;
const ENTRIES_PER_BUNDLE = 200;
const LOADERS = 2;

export interface SearchDataSet {
  resources: number;
  loadMs: number;
}

/** Loads about `total` resources (1 Patient : 4 Observations, 50 Organizations) with PUT entries. */
export async function loadSearchData(baseUrl: string, total: number, run: string): Promise<SearchDataSet> {
  const patients = Math.max(1, Math.floor((total - ORGANIZATIONS) / (1 + OBSERVATIONS_PER_PATIENT)));
  const entries = function* (): Generator<BundleEntry> {
    for (let o = 0; o < ORGANIZATIONS; o++)
      yield put<Organization>({ resourceType: 'Organization', id: `${run}-o${o}`, name: `Clinic ${o}` });
    for (let p = 0; p < patients; p++) {
      yield put(patient(run, p));
      for (let k = 0; k < OBSERVATIONS_PER_PATIENT; k++) yield put(observation(run, p, k));
    }
  };
  const source = entries();
  const started = performance.now();
  let loaded = 0;
  const loader = async () => {
    for (;;) {
      const entry: BundleEntry[] = [];
      for (let next = source.next(); !next.done; next = source.next()) {
        entry.push(next.value);
        if (entry.length === ENTRIES_PER_BUNDLE) break;
      }
      if (entry.length === 0) return;
      await post(baseUrl, { resourceType: 'Bundle', type: 'transaction', entry });
      loaded += entry.length;
    }
  };
  await Promise.all(Array.from({ length: LOADERS }, loader));
  return { resources: loaded, loadMs: performance.now() - started };
}

interface SearchCase {
  name: string;
  query: (i: number) => string;
}

const CASES: SearchCase[] = [
  { name: 'token (code, ~5% match)', query: (i) => `Observation?code=${LOINC}|${CODES[i % 20]}&_count=20` },
  {
    name: 'token + _total=accurate',
    query: (i) => `Observation?code=${LOINC}|${CODES[i % 20]}&_count=20&_total=accurate`,
  },
  { name: 'string (family prefix)', query: (i) => `Patient?family=${SURNAMES[i % 10]?.slice(0, 3)}&_count=20` },
  {
    name: 'date (one week)',
    query: (i) => `Observation?date=ge${day(i % 1500)}&date=lt${day((i % 1500) + 7)}&_count=20`,
  },
  {
    name: 'chained (subject.family)',
    // Patient p has family p % 10 and codes (4p + k) % 20: this pair always has matches.
    query: (i) =>
      `Observation?code=${LOINC}|${CODES[(4 * (i % 10)) % 20]}&subject:Patient.family=${SURNAMES[i % 10]}&_count=20`,
  },
  {
    name: '_include (Observation:subject)',
    query: (i) => `Observation?code=${LOINC}|${CODES[i % 20]}&_include=Observation:subject&_count=20`,
  },
  {
    name: '_revinclude (Observation:subject)',
    query: (i) => `Patient?family=${SURNAMES[i % 10]}&_revinclude=Observation:subject&_count=20`,
  },
];

/** One row per search case; strict handling, so a parameter the server ignores counts as an error. */
export async function runSearchWorkload(
  baseUrl: string,
  backend: string,
  budget: LoadOptions,
  data: SearchDataSet,
): Promise<Row[]> {
  const rows: Row[] = [];
  for (const c of CASES) {
    const result = await runLoad(budget, async (i) => {
      const found = await get(baseUrl, c.query(i));
      if ((found.entry ?? []).length === 0) throw new Error(`${c.query(i)} found nothing`);
    });
    rows.push({
      backend,
      operation: `search ${c.name}`,
      result,
      resourcesPerOp: 20,
      note: `${data.resources} resources`,
    });
  }
  return rows;
}

function put<T extends Patient | Observation | Organization>(resource: T & { id: string }): BundleEntry {
  return { resource, request: { method: 'PUT', url: `${resource.resourceType}/${resource.id}` } };
}

function patient(run: string, p: number): Patient & { id: string } {
  return {
    resourceType: 'Patient',
    id: `${run}-p${p}`,
    identifier: [{ system: `urn:bench:${run}`, value: String(p) }],
    name: [{ family: SURNAMES[p % 10] ?? '', given: [GIVEN[p % 8] ?? ''] }],
    gender: p % 2 === 0 ? 'female' : 'male',
    birthDate: `19${String(40 + (p % 60)).padStart(2, '0')}-0${1 + (p % 9)}-1${p % 10}`,
    managingOrganization: { reference: `Organization/${run}-o${p % ORGANIZATIONS}` },
  };
}

function observation(run: string, p: number, k: number): Observation & { id: string } {
  const code = CODES[(p * OBSERVATIONS_PER_PATIENT + k) % 20] ?? '';
  return {
    resourceType: 'Observation',
    id: `${run}-p${p}-o${k}`,
    status: 'final',
    code: { coding: [{ system: LOINC, code }] },
    subject: { reference: `Patient/${run}-p${p}` },
    effectiveDateTime: `${day((p * 7 + k) % 1500)}T10:00:00Z`,
    valueQuantity: { value: 40 + ((p + k) % 100), unit: '/min', system: 'http://unitsofmeasure.org', code: '/min' },
  };
}

/** Days after 2020-01-01 as YYYY-MM-DD. */
function day(offset: number): string {
  return new Date(Date.UTC(2020, 0, 1 + offset)).toISOString().slice(0, 10);
}

const HEADERS = { Accept: 'application/fhir+json', 'Content-Type': 'application/fhir+json', Prefer: 'handling=strict' };

async function post(baseUrl: string, bundle: Bundle): Promise<void> {
  const headers = { ...HEADERS, ...(await authorizationFor(baseUrl)) };
  const response = await fetch(baseUrl, { method: 'POST', headers, body: JSON.stringify(bundle) });
  const text = await response.text();
  if (response.status !== 200) throw new Error(`transaction answered ${response.status}: ${text.slice(0, 300)}`);
}

async function get(baseUrl: string, query: string): Promise<Bundle> {
  const response = await fetch(`${baseUrl}/${query}`, {
    headers: { ...HEADERS, ...(await authorizationFor(baseUrl)) },
  });
  const text = await response.text();
  if (response.status !== 200) throw new Error(`${query} answered ${response.status}: ${text.slice(0, 200)}`);
  return JSON.parse(text) as Bundle;
}

/** A prefix for this run's ids, so runs against one database never collide. */
export function benchRunId(): string {
  return `b${randomUUID().slice(0, 8)}`;
}
