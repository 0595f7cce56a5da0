// What the server must hold after loading the Synthea input, computed from the raw JSON only
// (never from the server), so a wrong server cannot make its own test pass.
import type { BundleEntry, HumanName, Identifier, Observation, Patient, Resource } from '@medplum/fhirtypes';
import type { InputBundle, SyntheaInput } from './synthea-data.js';
import { allBundles } from './synthea-data.js';

/** An input resource and the reference other entries use for it (its fullUrl, or `Type/id`). */
export interface InputFact<T extends Resource> {
  file: string;
  ref: string;
  resource: T;
}

export interface Coding2 {
  system: string;
  code: string;
}

/**
 * The resources the server holds after loading. A conditional create (`ifNoneExist`) stores at most
 * one resource per distinct condition, however often it is repeated; a PUT to `Type/id` at most one
 * per id; every other create one each.
 */
export function storedResources(input: SyntheaInput): Resource[] {
  const byKey = new Map<string, Resource>();
  let unique = 0;
  for (const { bundle } of allBundles(input)) {
    for (const entry of bundle.entry ?? []) {
      const resource = entry.resource;
      if (resource === undefined) continue;
      const request = entry.request;
      const key = request?.ifNoneExist
        ? `${resource.resourceType}?${request.ifNoneExist}`
        : request?.method === 'PUT'
          ? request.url
          : `#${(unique += 1)}`;
      if (!byKey.has(key)) byKey.set(key, resource);
    }
  }
  for (const { resource } of input.resources) byKey.set(`${resource.resourceType}/${resource.id ?? ''}`, resource);
  return [...byKey.values()];
}

/** Resources per type after loading (see `storedResources`). */
export function expectedCounts(input: SyntheaInput): Map<string, number> {
  const counts = new Map<string, number>();
  for (const { resourceType } of storedResources(input)) counts.set(resourceType, (counts.get(resourceType) ?? 0) + 1);
  return counts;
}

/**
 * How many stored resources an `identifier=system|value` condition matches: the Inferno bundles
 * post some Synthea Organizations again without a condition, so a few conditions match two
 * resources, and a conditional create must then answer 412 (http.html#ccreate).
 */
export function conditionMatches(stored: Resource[], type: string, condition: string): number {
  const match = /^identifier=([^|]*)\|(.*)$/.exec(condition);
  if (!match) throw new Error(`only identifier=system|value conditions are understood here, not ${condition}`);
  const [, system, value] = match;
  return stored.filter(
    (r) =>
      r.resourceType === type &&
      ((r as { identifier?: Identifier[] }).identifier ?? []).some((id) => id.system === system && id.value === value),
  ).length;
}

/** Every input resource of one type, with the reference that points at it. */
export function inputResources<T extends Resource>(input: SyntheaInput, type: T['resourceType']): Array<InputFact<T>> {
  return allBundles(input).flatMap(({ file, bundle }: InputBundle) =>
    (bundle.entry ?? []).flatMap((entry: BundleEntry) => {
      const resource = entry.resource;
      if (resource?.resourceType !== type) return [];
      return [{ file, ref: entryRef(entry), resource: resource as T }];
    }),
  );
}

/** The reference other entries of the same Bundle use: the fullUrl, else `Type/id` of a PUT. */
export function entryRef(entry: BundleEntry): string {
  if (entry.fullUrl) return entry.fullUrl;
  if (entry.request?.method === 'PUT') return entry.request.url;
  return `${entry.resource?.resourceType ?? '?'}/${entry.resource?.id ?? '?'}`;
}

/** String search semantics (search.html#string): case- and accent-insensitive starts-with. */
export function stringMatches(candidate: string | undefined, query: string): boolean {
  return candidate !== undefined && fold(candidate).startsWith(fold(query));
}

/** Written again on purpose: the test oracle must not share the server's normaliser. */
function fold(value: string): string {
  return value
    .normalize('NFKD')
    .replace(/\p{M}+/gu, '')
    .toLowerCase()
    .replace(/\s+/g, ' ')
    .trim();
}

/** The parts of a HumanName the `name` parameter searches (search.html#string, HumanName). */
export function nameParts(name: HumanName): string[] {
  return [name.text, name.family, ...(name.given ?? []), ...(name.prefix ?? []), ...(name.suffix ?? [])].filter(
    (part): part is string => part !== undefined,
  );
}

/** Patients whose `name`, `family` or `given` matches `query`. */
export function patientsMatching(
  patients: Array<InputFact<Patient>>,
  param: 'name' | 'family' | 'given',
  query: string,
): Array<InputFact<Patient>> {
  const partsOf = (name: HumanName): Array<string | undefined> =>
    param === 'name' ? nameParts(name) : param === 'family' ? [name.family] : (name.given ?? []);
  return patients.filter((p) =>
    (p.resource.name ?? []).some((name) => partsOf(name).some((part) => stringMatches(part, query))),
  );
}

/** Patients holding `identifier` (system and value both equal). */
export function patientsWithIdentifier(
  patients: Array<InputFact<Patient>>,
  wanted: Identifier,
): Array<InputFact<Patient>> {
  return patients.filter((p) =>
    (p.resource.identifier ?? []).some((id) => id.system === wanted.system && id.value === wanted.value),
  );
}

/** Observations whose `code` has a coding `system|code`. */
export function observationsWithCode(
  observations: Array<InputFact<Observation>>,
  wanted: Coding2,
): Array<InputFact<Observation>> {
  return observations.filter((o) =>
    (o.resource.code.coding ?? []).some((c) => c.system === wanted.system && c.code === wanted.code),
  );
}

/** Observations whose subject points at `patientRef` (as written in the input). */
export function observationsOfSubject(
  observations: Array<InputFact<Observation>>,
  patientRef: string,
): Array<InputFact<Observation>> {
  return observations.filter((o) => o.resource.subject?.reference === patientRef);
}

/** LOINC codings of the input Observations by how often they occur, most frequent first. */
export function loincCodesByFrequency(observations: Array<InputFact<Observation>>): Array<Coding2 & { count: number }> {
  const counts = new Map<string, number>();
  for (const o of observations) {
    const codes = new Set(
      (o.resource.code.coding ?? []).filter((c) => c.system === 'http://loinc.org' && c.code).map((c) => c.code ?? ''),
    );
    for (const code of codes) counts.set(code, (counts.get(code) ?? 0) + 1);
  }
  return [...counts]
    .map(([code, count]) => ({ system: 'http://loinc.org', code, count }))
    .sort((a, b) => b.count - a.count || a.code.localeCompare(b.code));
}
