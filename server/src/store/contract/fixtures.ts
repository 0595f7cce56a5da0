import type { Resource } from '@medplum/fhirtypes';
import { expect } from 'chai';
import {
  StoreConflictError,
  type ResourceRecord,
  type ResourceStore,
  type ResourceWrite,
  type StoreConflictKind,
} from '../port.js';

/** Hands out strictly increasing lastUpdated instants, one second apart, from a fixed origin. */
export class TestClock {
  #next = Date.parse('2026-01-01T00:00:00.000Z');

  tick(): string {
    const instant = new Date(this.#next).toISOString();
    this.#next += 1000;
    return instant;
  }
}

export interface RecordOptions {
  idx?: Record<string, unknown>;
  compartments?: string[];
  /** Extra resource fields beyond resourceType, id and meta. */
  body?: Record<string, unknown>;
  deleted?: boolean;
}

/** A record as the engine would hand it to the store, meta already set. */
export function makeRecord(
  resourceType: string,
  id: string,
  versionId: string,
  lastUpdated: string,
  options: RecordOptions = {},
): ResourceRecord {
  const record: ResourceRecord = {
    resourceType,
    id,
    versionId,
    lastUpdated,
    deleted: options.deleted ?? false,
    idx: options.idx ?? {},
    compartments: options.compartments ?? [],
  };
  if (!record.deleted) {
    record.resource = { resourceType, id, meta: { versionId, lastUpdated }, ...options.body } as Resource;
  }
  return record;
}

export function write(record: ResourceRecord, expectedVersionId: string | null, uniqueKey?: string): ResourceWrite {
  return uniqueKey === undefined ? { record, expectedVersionId } : { record, expectedVersionId, uniqueKey };
}

export async function expectConflict(promise: Promise<unknown>, kind: StoreConflictKind): Promise<StoreConflictError> {
  const error: unknown = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error, 'expected a StoreConflictError').to.be.instanceOf(StoreConflictError);
  const conflict = error as StoreConflictError;
  expect(conflict.kind).to.equal(kind);
  return conflict;
}

/** Counts fulfilled outcomes and checks that every rejection is a conflict of `kind`. */
export function countWinners(outcomes: PromiseSettledResult<unknown>[], kind: StoreConflictKind): number {
  for (const outcome of outcomes) {
    if (outcome.status === 'rejected') {
      expect(outcome.reason).to.be.instanceOf(StoreConflictError);
      expect((outcome.reason as StoreConflictError).kind).to.equal(kind);
    }
  }
  return outcomes.filter(({ status }) => status === 'fulfilled').length;
}

/** The ids of a whole search over one type in the given order, for compact assertions. */
export async function searchIds(
  store: ResourceStore,
  filter: Record<string, unknown>,
  sort: Array<[string, 1 | -1]> = [['_id', 1]],
  resourceTypes: string[] = ['Patient'],
): Promise<string[]> {
  const { records } = await store.search({ resourceTypes, filter, sort, offset: 0, count: 1000, total: false });
  return records.map(({ id }) => id);
}
