/**
 * HL7 v2 DTM/TS values (v2.5.1 §2A.3.22: `YYYY[MM[DD[HH[MM[SS[.S[S[S[S]]]]]]]]][+/-ZZZZ]`) as FHIR
 * date/dateTime (https://hl7.org/fhir/R4/datatypes.html#dateTime), keeping the precision that was sent.
 * FHIR has no minute precision: a time is written with seconds (`:00` added) and always with an offset.
 * A value without offset is local time of the sender; we read it in the configured zone (never the
 * host's, which would make results depend on where the process runs).
 */
interface Parts {
  readonly year: string;
  readonly month?: string;
  readonly day?: string;
  readonly hour?: string;
  readonly minute?: string;
  readonly second?: string;
  readonly fraction?: string;
  readonly offset?: string;
}

const dtm = /^(\d{4})(?:(\d{2})(?:(\d{2})(?:(\d{2})(?:(\d{2})(?:(\d{2})(?:\.(\d{1,4}))?)?)?)?)?)?([+-]\d{4})?$/;

function parse(value: string): Parts | undefined {
  const m = dtm.exec(value.trim());
  if (m === null) return undefined;
  const [, year = '', month, day, hour, minute, second, fraction, offset] = m;
  const parts: Parts = { year, month, day, hour, minute, second, fraction, offset };
  return valid(parts) ? parts : undefined;
}

function valid(p: Parts): boolean {
  const n = (s: string | undefined, fallback: number): number => (s === undefined ? fallback : Number(s));
  const month = n(p.month, 1);
  const daysInMonth = new Date(Date.UTC(Number(p.year), month, 0)).getUTCDate();
  const offset = p.offset === undefined ? 0 : Number(p.offset.slice(1, 3)) * 60 + Number(p.offset.slice(3));
  return (
    month >= 1 &&
    month <= 12 &&
    n(p.day, 1) >= 1 &&
    n(p.day, 1) <= daysInMonth &&
    n(p.hour, 0) <= 23 &&
    n(p.minute, 0) <= 59 &&
    n(p.second, 0) <= 59 &&
    Number(p.offset?.slice(3) ?? '0') <= 59 &&
    offset <= 14 * 60
  );
}

/** A FHIR `date` (YYYY, YYYY-MM or YYYY-MM-DD) from the date part of an HL7 DTM, or undefined if invalid. */
export function hl7ToFhirDate(value: string): string | undefined {
  const p = parse(value);
  return p === undefined ? undefined : [p.year, p.month, p.day].filter((x) => x !== undefined).join('-');
}

/** A FHIR `dateTime` from an HL7 DTM, or undefined if invalid. `timeZone` is an IANA zone name. */
export function hl7ToFhirDateTime(value: string, timeZone: string): string | undefined {
  const p = parse(value);
  if (p === undefined) return undefined;
  const date = [p.year, p.month, p.day].filter((x) => x !== undefined).join('-');
  if (p.hour === undefined) return date;
  const time = `${p.hour}:${p.minute ?? '00'}:${p.second ?? '00'}${p.fraction === undefined ? '' : `.${p.fraction}`}`;
  const offset = p.offset ?? zoneOffset(timeZone, p);
  return `${date}T${time}${offset.slice(0, 3)}:${offset.slice(3)}`;
}

const fhirTime = /^(\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2})(\.\d+)?([+-]\d{2}:\d{2})$/;

/**
 * A FHIR `dateTime` with a time (as {@link hl7ToFhirDateTime} writes it) moved by `ms` milliseconds and
 * written in the same offset, e.g. an appointment's start plus its duration (AIS-4 + AIS-7). Undefined
 * for a date without time, which a duration in minutes cannot be added to.
 */
export function addMilliseconds(dateTime: string, ms: number): string | undefined {
  const m = fhirTime.exec(dateTime);
  if (m === null) return undefined;
  const [, wall = '', fraction, offset = ''] = m;
  // The wall-clock time read as UTC, moved, and written back beside the offset it had.
  const moved = new Date(Date.parse(`${wall}${fraction ?? ''}Z`) + ms).toISOString();
  const keepMillis = fraction !== undefined || !moved.endsWith('.000Z');
  return `${moved.slice(0, keepMillis ? 23 : 19)}${offset}`;
}

/** Throws a RangeError for a zone name the runtime does not know; run once at configuration time. */
export function assertTimeZone(timeZone: string): void {
  new Intl.DateTimeFormat('en-US', { timeZone });
}

/** The `±HHMM` offset the zone had at that local wall-clock time. */
function zoneOffset(timeZone: string, p: Parts): string {
  const wall = Date.UTC(
    Number(p.year),
    Number(p.month ?? 1) - 1,
    Number(p.day ?? 1),
    Number(p.hour ?? 0),
    Number(p.minute ?? 0),
    Number(p.second ?? 0),
  );
  // Two passes: the offset at "wall read as UTC" can differ from the one at the true instant near a DST change.
  const first = offsetMinutes(timeZone, wall);
  const minutes = offsetMinutes(timeZone, wall - first * 60_000);
  const abs = Math.abs(minutes);
  return `${minutes < 0 ? '-' : '+'}${String(Math.floor(abs / 60)).padStart(2, '0')}${String(abs % 60).padStart(2, '0')}`;
}

const formats = new Map<string, Intl.DateTimeFormat>();

function offsetMinutes(timeZone: string, instant: number): number {
  if (timeZone === 'UTC') return 0;
  let format = formats.get(timeZone);
  if (format === undefined) {
    format = new Intl.DateTimeFormat('en-US', { timeZone, timeZoneName: 'longOffset' });
    formats.set(timeZone, format);
  }
  const name = format.formatToParts(instant).find((part) => part.type === 'timeZoneName')?.value ?? 'GMT';
  const m = /GMT([+-])(\d{2}):?(\d{2})?/.exec(name);
  if (m === null) return 0;
  const minutes = Number(m[2]) * 60 + Number(m[3] ?? '0');
  return m[1] === '-' ? -minutes : minutes;
}
