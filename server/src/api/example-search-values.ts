import type { SearchParamType, TypedValue } from '@nexushealth/conformance';

/**
 * A search value, written as a client would (search.html#ptypes), that must find the resource the
 * typed value came from; undefined where the value gives no such query (a contained `#ref`, a
 * Timing, an identifier-only Reference…). Derived from the raw FHIRPath values, not from the
 * server's index, so a wrong normalisation on either side shows.
 */
export function searchValueFor(type: SearchParamType, typed: TypedValue): string | undefined {
  switch (type) {
    case 'string':
      return stringValue(typed);
    case 'token':
      return tokenValue(typed);
    case 'reference':
      return referenceValue(typed);
    case 'date':
      return dateValue(typed);
    case 'number':
      return typeof typed.value === 'number' ? `eq${typed.value}` : undefined;
    case 'quantity':
      return quantityValue(typed);
    case 'uri':
      return typeof typed.value === 'string' ? escape(typed.value) : undefined;
    default:
      return undefined;
  }
}

type Json = Record<string, unknown>;

const record = (value: unknown): Json | undefined =>
  typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Json) : undefined;
const text = (value: unknown): string | undefined =>
  typeof value === 'string' && value.trim() !== '' ? value : undefined;
const first = (value: unknown): unknown => (Array.isArray(value) ? value[0] : value);

/** `\`, `,`, `$` and `|` are escaped in search values (search.html#escaping). */
function escape(value: string): string {
  return value.replace(/[\\,$|]/g, (c) => `\\${c}`);
}

function stringValue({ type, value }: TypedValue): string | undefined {
  const r = record(value);
  const raw =
    type === 'HumanName'
      ? (text(r?.family) ?? text(first(r?.given)) ?? text(r?.text))
      : type === 'Address'
        ? (text(first(r?.line)) ?? text(r?.city) ?? text(r?.postalCode) ?? text(r?.country) ?? text(r?.text))
        : text(value);
  // A prefix of the first word keeps the check about matching, not about tokenising punctuation.
  return raw === undefined ? undefined : escape(raw.trim().split(/\s+/)[0] ?? '');
}

function tokenValue({ type, value }: TypedValue): string | undefined {
  const r = record(value);
  const token = (system: unknown, code: unknown): string | undefined => {
    const c = text(code);
    if (c === undefined) return undefined;
    const s = text(system);
    return s === undefined ? escape(c) : `${escape(s)}|${escape(c)}`;
  };
  switch (type) {
    case 'CodeableConcept': {
      const coding = record(first(r?.coding));
      return coding ? token(coding.system, coding.code) : undefined;
    }
    case 'Coding':
      return token(r?.system, r?.code);
    case 'Identifier':
      return token(r?.system, r?.value);
    case 'ContactPoint':
      return token(undefined, r?.value);
    case 'boolean':
      return typeof value === 'boolean' ? String(value) : undefined;
    default:
      return token(undefined, value);
  }
}

function referenceValue({ value }: TypedValue): string | undefined {
  const reference = typeof value === 'string' ? value : text(record(value)?.reference);
  if (reference === undefined || reference.startsWith('#') || reference.startsWith('urn:')) return undefined;
  return escape(reference);
}

const DATE_TYPES = new Set(['date', 'dateTime', 'instant']);

function dateValue({ type, value }: TypedValue): string | undefined {
  // `scheduledString: "daily"` is text, not a date: only the date types and Period are queried.
  if (DATE_TYPES.has(type) && typeof value === 'string') return `eq${value}`;
  const r = record(value);
  if (type !== 'Period' || !r) return undefined;
  // A Period is inside the search range only if both ends are: ge its start (it reaches beyond
  // that start or lies within it), or le its end when open at the start (search.html#prefix).
  if (text(r.start)) return `ge${String(r.start)}`;
  return text(r.end) ? `le${String(r.end)}` : undefined;
}

function quantityValue({ value }: TypedValue): string | undefined {
  const r = record(value);
  if (typeof r?.value !== 'number') return undefined;
  const code = text(r.code);
  const system = text(r.system);
  return code !== undefined && system !== undefined ? `eq${r.value}|${escape(system)}|${escape(code)}` : `eq${r.value}`;
}
