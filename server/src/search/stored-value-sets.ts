import type { ValueSet } from '@medplum/fhirtypes';
import { Terminology } from '@nexushealth/profiles';
import type { ResourceStore } from '../store/port.js';
import { expansionValue, notSupported } from './parse-token-terminology.js';
import type { SearchQuery, SearchValue } from './search-query.js';

/** ValueSets one search may name (each is expanded in memory). */
const MAX_VALUE_SETS = 20;

/**
 * Resolves `:in`/`:not-in` values naming ValueSets stored on this server (by `url`, a `|version`
 * ignored), expanded against the R4 code systems; other stored ValueSets they import are looked up
 * too. A URL no stored ValueSet has is 400 not-supported (http://hl7.org/fhir/R4/search.html#token).
 */
export async function resolveStoredValueSets(query: SearchQuery, store: ResourceStore): Promise<void> {
  const pending = query.criteria.flatMap((c) =>
    c.values.flatMap((v, i) => (v.kind === 'token-in' ? [{ values: c.values, i, v, code: c.code }] : [])),
  );
  if (pending.length === 0) return;
  const stored = await storedValueSets(
    store,
    pending.map(({ v }) => v.valueSet),
  );
  const lookup = (url: string): ValueSet | undefined => stored.get(canonical(url));
  for (const { values, i, v, code } of pending) {
    const valueSet = lookup(v.valueSet);
    if (!valueSet) throw notSupported(code, `the value set ${v.valueSet} is neither an R4 one nor stored here`);
    values[i] = expansionValue(code, () => Terminology.loadBase().expand(valueSet, lookup)) satisfies SearchValue;
  }
}

/** The stored ValueSets with these URLs and those they import, at most MAX_VALUE_SETS. */
async function storedValueSets(store: ResourceStore, urls: string[]): Promise<Map<string, ValueSet>> {
  const byUrl = new Map<string, ValueSet>();
  let wanted = [...new Set(urls.map(canonical))];
  while (wanted.length > 0 && byUrl.size < MAX_VALUE_SETS) {
    const { records } = await store.search({
      resourceTypes: ['ValueSet'],
      filter: { 'idx.url': { $in: wanted } },
      sort: [['id', 1]],
      offset: 0,
      count: MAX_VALUE_SETS,
      total: false,
    });
    const found = records.flatMap(({ resource }) =>
      resource?.resourceType === 'ValueSet' && resource.url ? [resource] : [],
    );
    for (const valueSet of found) byUrl.set(valueSet.url ?? '', valueSet);
    const terminology = Terminology.loadBase();
    wanted = found
      .flatMap((vs) => [...(vs.compose?.include ?? []), ...(vs.compose?.exclude ?? [])])
      .flatMap((include) => include.valueSet ?? [])
      .map(canonical)
      .filter((url) => !byUrl.has(url) && !terminology.valueSet(url));
  }
  return byUrl;
}

/** A canonical reference without its `|version`. */
function canonical(url: string): string {
  return url.split('|')[0] ?? url;
}
