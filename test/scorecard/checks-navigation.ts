import type { Bundle } from '@medplum/fhirtypes';
import type { Check } from './check.js';
import { MRN } from './fixture.js';
import { check, expectSame } from './wire.js';

const ref = (r: { resourceType: string; id: string }) => `${r.resourceType}/${r.id}`;
const included = (b: Bundle) =>
  (b.entry ?? [])
    .filter((e) => e.search?.mode === 'include')
    .map((e) => `${e.resource?.resourceType}/${e.resource?.id}`);
const nextLink = (b: Bundle) => b.link?.find((l) => l.relation === 'next')?.url;

/** Modifiers, chains, includes and paging (search.html). */
export const NAVIGATION_CHECKS: Check[] = [
  {
    area: 'modifiers',
    name: ':missing=true and :missing=false (search.html#modifiers)',
    run: async (wire, f) => {
      expectSame(await wire.matches(f.scoped('Patient?birthdate:missing=true')), [ref(f.cy)], 'missing=true');
      expectSame(
        await wire.matches(f.scoped('Patient?birthdate:missing=false')),
        [ref(f.anna), ref(f.bob)],
        'missing=false',
      );
    },
  },
  {
    area: 'modifiers',
    name: ':in and :not-in a ValueSet (search.html#token)',
    run: async (wire, f) => {
      const vs = encodeURIComponent(f.valueSet.url ?? '');
      expectSame(
        await wire.matches(f.scoped(`Observation?code:in=${vs}`)),
        [ref(f.heartRateAnna), ref(f.heartRateBob)],
        ':in',
      );
      expectSame(await wire.matches(f.scoped(`Observation?code:not-in=${vs}`)), [ref(f.weightAnna)], ':not-in');
    },
  },
  {
    area: 'modifiers',
    name: ':of-type on identifiers (search.html#token)',
    run: async (wire, f) => {
      const q = `Patient?identifier:of-type=${encodeURIComponent('http://terminology.hl7.org/CodeSystem/v2-0203|MR|')}B2-${f.run}`;
      expectSame(await wire.matches(f.scoped(q)), [ref(f.bob)], ':of-type');
    },
  },
  {
    area: 'modifiers',
    name: ':above on a uri (search.html#uri)',
    run: async (wire, f) => {
      const q = `ValueSet?url:above=${encodeURIComponent(`${f.valueSet.url ?? ''}/extra/path`)}`;
      expectSame(await wire.matches(f.scoped(q)), [ref(f.valueSet)], ':above');
    },
  },
  {
    area: 'chains',
    name: 'one level: subject.name (search.html#chaining)',
    run: async (wire, f) =>
      expectSame(
        await wire.matches(f.scoped(`Observation?subject.name=bergman${f.run}`)),
        [ref(f.heartRateBob)],
        'chain',
      ),
  },
  {
    area: 'chains',
    name: 'typed: subject:Patient.identifier (search.html#chaining)',
    run: async (wire, f) => {
      const q = `Observation?subject:Patient.identifier=${encodeURIComponent(`${MRN}|A1-${f.run}`)}`;
      expectSame(await wire.matches(f.scoped(q)), [ref(f.heartRateAnna), ref(f.weightAnna)], 'typed chain');
    },
  },
  {
    area: 'chains',
    name: 'two levels: subject:Patient.organization.name (search.html#chaining)',
    run: async (wire, f) => {
      const q = `Observation?subject:Patient.organization.name=${encodeURIComponent(`Scorecard Hospital ${f.run}`)}`;
      expectSame(await wire.matches(f.scoped(q)), [ref(f.heartRateAnna), ref(f.weightAnna)], 'two levels');
    },
  },
  {
    area: 'chains',
    name: 'reverse: _has:Observation:patient:code (search.html#has)',
    run: async (wire, f) =>
      expectSame(await wire.matches(f.scoped('Patient?_has:Observation:patient:code=29463-7')), [ref(f.anna)], '_has'),
  },
  {
    area: 'includes',
    name: '_include marks the included entries search.mode=include (search.html#include)',
    run: async (wire, f) => {
      const b = await wire.bundle(f.scoped(`Observation?subject=Patient/${f.bob.id}&_include=Observation:subject`));
      expectSame(included(b), [ref(f.bob)], '_include');
    },
  },
  {
    area: 'includes',
    name: '_revinclude (search.html#revinclude)',
    run: async (wire, f) => {
      const b = await wire.bundle(f.scoped(`Patient?_id=${f.bob.id}&_revinclude=Observation:subject`));
      expectSame(included(b), [ref(f.heartRateBob)], '_revinclude');
    },
  },
  {
    area: 'includes',
    name: '_include:iterate follows the included resources (search.html#include)',
    run: async (wire, f) => {
      const q = `Observation?_id=${f.weightAnna.id}&_include=Observation:subject&_include:iterate=Patient:organization`;
      expectSame(included(await wire.bundle(f.scoped(q))), [ref(f.anna), ref(f.org)], ':iterate');
    },
  },
  {
    area: 'paging',
    name: '_count and next links walk every match once (search.html#paging)',
    run: async (wire, f) => {
      const seen = await wire.matches(f.scoped('Observation?_count=1'), 10);
      expectSame(seen, [ref(f.heartRateAnna), ref(f.weightAnna), ref(f.heartRateBob)], 'pages');
    },
  },
  {
    area: 'paging',
    name: 'stable paging: a resource written between pages is neither repeated nor skipped (search.html#paging)',
    run: async (wire, f) => {
      const first = await wire.bundle(f.scoped('Patient?_count=1&_sort=-_lastUpdated'));
      const seen = (first.entry ?? []).map((e) => `Patient/${e.resource?.id}`);
      const moved = seen.includes(ref(f.cy)) ? f.anna : f.cy;
      await wire.send('PUT', ref(moved), { body: { ...moved, active: true } });
      const next = nextLink(first);
      if (next) seen.push(...(await wire.matches(next, 10)));
      expectSame(seen, [ref(f.anna), ref(f.bob), ref(f.cy)], 'pages while writing');
    },
  },
  {
    area: 'paging',
    name: '_sort on several keys, descending, missing values kept (search.html#sort)',
    run: async (wire, f) => {
      const sorted = await wire.matches(f.scoped('Patient?_sort=-birthdate,family'));
      check(sorted.length === 3, `expected 3 patients, got ${sorted.length}`);
      check(
        sorted.indexOf(ref(f.anna)) < sorted.indexOf(ref(f.bob)),
        '1980-05-15 should sort before 1980-05 descending',
      );
    },
  },
  {
    area: 'paging',
    name: '_total=accurate counts, _summary=count returns no entries (search.html#total)',
    run: async (wire, f) => {
      check((await wire.bundle(f.scoped('Observation?_total=accurate&_count=1'))).total === 3, 'total is not 3');
      const count = await wire.bundle(f.scoped('Observation?_summary=count'));
      check(count.total === 3 && (count.entry ?? []).length === 0, '_summary=count wrong');
    },
  },
  {
    area: 'paging',
    name: '_elements keeps only the named elements, marked SUBSETTED (search.html#elements)',
    run: async (wire, f) => {
      const b = await wire.bundle(f.scoped(`Patient?_id=${f.anna.id}&_elements=gender`));
      const p = b.entry?.[0]?.resource as { gender?: string; name?: unknown } | undefined;
      check(p?.gender === 'female' && p.name === undefined, '_elements did not subset');
    },
  },
];
