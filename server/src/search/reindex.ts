import type { SearchParameterRegistry } from '@nexushealth/conformance';
import type { Logger } from '../interactions/engine-context.js';
import type { ResourceStore } from '../store/port.js';
import { extractIndex } from './extract-index.js';
import { warnFailedParameters } from './warn-failed-parameters.js';

const PAGE = 200;

/** How far a reindex got: resources read and rewritten, per type. */
export interface ReindexProgress {
  resourceType: string;
  read: number;
  rewritten: number;
}

/**
 * Re-extracts the search index of every current resource of `resourceType` with `registry`
 * (after a SearchParameter was added or changed) and rewrites the current version in place:
 * no new version, as the resource did not change. Pages in id order from a cursor, so it is
 * idempotent and can be run again from anywhere; `store.rewriteVersion` touches the current
 * document only while it still is the version read, so a concurrent update (indexed with the
 * new registry already) wins.
 */
export async function reindexType(
  store: ResourceStore,
  registry: SearchParameterRegistry,
  resourceType: string,
  logger: Logger,
): Promise<ReindexProgress> {
  const progress: ReindexProgress = { resourceType, read: 0, rewritten: 0 };
  let after = '';
  for (;;) {
    const { records } = await store.search({
      resourceTypes: [resourceType],
      filter: after === '' ? {} : { id: { $gt: after } },
      sort: [['id', 1]],
      offset: 0,
      count: PAGE,
      total: false,
    });
    for (const record of records) {
      progress.read++;
      if (!record.resource) continue;
      const extracted = extractIndex(record.resource, registry);
      warnFailedParameters(logger, extracted, record.resource);
      const { idx, compartments } = extracted;
      if (JSON.stringify(idx) === JSON.stringify(record.idx)) continue;
      if (await store.rewriteVersion({ ...record, idx, compartments })) progress.rewritten++;
    }
    const last = records[records.length - 1];
    if (!last || records.length < PAGE) return progress;
    after = last.id;
  }
}
