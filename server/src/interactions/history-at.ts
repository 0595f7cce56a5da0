import { OperationOutcomeError } from '../errors/outcome-error.js';
import { dateRange } from '../search/date-range.js';
import type { HistoryRequest, HistoryResult } from '../store/port.js';
import type { EngineContext } from './engine-context.js';

/**
 * `_at` (http.html#history): "Only include resource versions that were current at some point
 * during the time period specified in the date time value" — the value's implicit range by its
 * precision (search.html#date), so `_at=2026-01-02` is that whole day. Served on an instance:
 * the versions written during the period and the one current when it began. Across a type or
 * the system that needs, per resource, the version current at the start, which the store has
 * no query for: a 400 there rather than an answer that misses versions.
 */
export async function versionsCurrentDuring(
  request: HistoryRequest,
  value: string,
  context: EngineContext,
): Promise<HistoryResult> {
  if (request.id === undefined) {
    throw OperationOutcomeError.of('not-supported', '_at is supported on the history of one resource only', '_at');
  }
  const period = dateRange(value);
  if (!period) throw OperationOutcomeError.of('invalid', '_at must be a date, dateTime or instant', '_at');
  const { records } = await context.store.history({
    ...request,
    until: new Date(period.hi).toISOString(),
    offset: 0,
    count: context.paging.maxCount,
  });
  // Newest first: those written during the period, then the first one written before it.
  const during = records.filter((record) => Date.parse(record.lastUpdated) >= period.lo);
  const before = records[during.length];
  const current = before ? [...during, before] : during;
  return { records: current.slice(request.offset, request.offset + request.count), total: current.length };
}
