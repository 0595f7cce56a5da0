import type { TypedValue } from '@nexushealth/conformance';
import { DATE_MAX, DATE_MIN, dateRange, type DateRange } from './date-range.js';
import { json } from './json-narrowing.js';

/**
 * Each date value as the [lo, hi] instant range it covers (http://hl7.org/fhir/R4/search.html#date):
 * date/dateTime/instant by precision, Period from start to end (an open end is unbounded),
 * Timing by its events and repeat.boundsPeriod (the schedule itself is ignored, as the spec allows).
 */
export function dateIndexValues(values: TypedValue[]): DateRange[] {
  return values.flatMap(({ type, value }) => {
    switch (type) {
      case 'Period':
        return periodRange(json.record(value));
      case 'Timing': {
        const timing = json.record(value);
        const events = json.strings(timing?.event).flatMap((e) => dateRange(e) ?? []);
        return [...events, ...periodRange(json.record(json.record(timing?.repeat)?.boundsPeriod))];
      }
      default: {
        const text = json.string(value);
        return (text === undefined ? undefined : dateRange(text)) ?? [];
      }
    }
  });
}

function periodRange(period: Record<string, unknown> | undefined): DateRange[] {
  if (!period) return [];
  const start = json.string(period.start);
  const end = json.string(period.end);
  if (start === undefined && end === undefined) return [];
  const lo = start === undefined ? DATE_MIN : dateRange(start)?.lo;
  const hi = end === undefined ? DATE_MAX : dateRange(end)?.hi;
  return lo === undefined || hi === undefined ? [] : [{ lo, hi }];
}
