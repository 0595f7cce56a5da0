/** Bounds for open Period ends: the extremes a JavaScript Date can hold (±8.64e15 ms). */
export const DATE_MIN = -8.64e15;
export const DATE_MAX = 8.64e15;

/** An inclusive instant range in epoch milliseconds. */
export interface DateRange {
  lo: number;
  hi: number;
}

// YYYY[-MM[-DD[Thh:mm[:ss[.fff]][Z|±hh:mm]]]]; seconds and zone are optional so search values
// like 2013-01-14T10:00 parse too (http://hl7.org/fhir/R4/search.html#date).
const DATE_TIME =
  /^(\d{4})(?:-(\d{2})(?:-(\d{2})(?:T(\d{2}):(\d{2})(?::(\d{2})(?:\.(\d+))?)?(Z|[+-]\d{2}:\d{2})?)?)?)?$/;

/**
 * The implicit range of a date, dateTime or instant by its precision
 * (http://hl7.org/fhir/R4/search.html#date): "2002" covers the whole year, "2002-10-16" the day,
 * a dateTime with seconds that second. Values without a zone are taken as UTC. Undefined when
 * the text is not a valid FHIR date/time.
 */
export function dateRange(text: string): DateRange | undefined {
  const m = DATE_TIME.exec(text);
  if (!m) return undefined;
  const [, y, mo, d, h, mi, s, frac, zone] = m;
  const year = Number(y);
  const month = mo === undefined ? undefined : Number(mo) - 1;
  const day = d === undefined ? undefined : Number(d);
  if (month !== undefined && (month < 0 || month > 11)) return undefined;
  if (day !== undefined && (day < 1 || day > 31)) return undefined;
  const offset = zoneOffsetMs(zone);
  const fields = [year, month ?? 0, day ?? 1, Number(h ?? 0), Number(mi ?? 0), Number(s ?? 0)] as const;
  const lo = utc(fields, fracMs(frac)) - offset;
  if (!validFields(lo + offset, fields)) return undefined;
  if (s !== undefined) {
    // Seconds precision, refined by each fraction digit given: ".5" covers 100 ms.
    const step = Math.max(1, 10 ** (3 - (frac?.length ?? 0)));
    return { lo, hi: lo + step - 1 };
  }
  const next =
    month === undefined
      ? utc([year + 1, 0, 1, 0, 0, 0], 0)
      : day === undefined
        ? utc([year, month + 1, 1, 0, 0, 0], 0)
        : h === undefined
          ? utc([year, month, day + 1, 0, 0, 0], 0)
          : utc([year, month, day, Number(h), Number(mi) + 1, 0], 0);
  return { lo, hi: next - offset - 1 };
}

function utc(f: readonly [number, number, number, number, number, number], ms: number): number {
  const date = new Date(0);
  date.setUTCFullYear(f[0], f[1], f[2]);
  date.setUTCHours(f[3], f[4], f[5], ms);
  return date.getTime();
}

/** Rejects 2021-02-30 and 25:00 instead of letting Date roll them over. */
function validFields(ms: number, f: readonly [number, number, number, number, number, number]): boolean {
  const date = new Date(ms);
  return (
    date.getUTCMonth() === f[1] && date.getUTCDate() === f[2] && date.getUTCHours() === f[3] && f[4] < 60 && f[5] < 60
  );
}

function fracMs(frac: string | undefined): number {
  return frac === undefined ? 0 : Math.floor(Number(`0.${frac}`) * 1000);
}

function zoneOffsetMs(zone: string | undefined): number {
  if (zone === undefined || zone === 'Z') return 0;
  const sign = zone.startsWith('-') ? -1 : 1;
  const [hh, mm] = zone.slice(1).split(':').map(Number);
  return sign * ((hh ?? 0) * 60 + (mm ?? 0)) * 60_000;
}
