import type { SearchParameterRegistry } from '@nexushealth/conformance';
import { EventLoopPacer } from '../concurrency/event-loop-pacer.js';
import type { Logger } from '../interactions/engine-context.js';
import type { ResourceRecord, ResourceStore } from '../store/port.js';
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
  // Extracting an index is ~1 ms of synchronous work a resource: without turns of the event loop
  // a reindex of thousands would hold every concurrent request for seconds.
  const pacer = new EventLoopPacer();
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
      if (await reindexRecord(store, registry, record, logger)) progress.rewritten++;
      await pacer.pace();
    }
    const last = records[records.length - 1];
    if (!last || records.length < PAGE) return progress;
    after = last.id;
  }
}

/** Rewrites one current version when its index changed; whether it was rewritten. */
async function reindexRecord(
  store: ResourceStore,
  registry: SearchParameterRegistry,
  record: ResourceRecord,
  logger: Logger,
): Promise<boolean> {
  if (!record.resource) return false;
  const extracted = extractIndex(record.resource, registry);
  warnFailedParameters(logger, extracted, record.resource);
  const { idx, compartments } = extracted;
  if (JSON.stringify(idx) === JSON.stringify(record.idx)) return false;
  return store.rewriteVersion({ ...record, idx, compartments });
}
