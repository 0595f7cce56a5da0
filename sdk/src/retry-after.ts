/**
 * Milliseconds to wait according to a `Retry-After` header, which is either a number of seconds
 * or an HTTP date (RFC 9110 §10.2.3). Undefined when the header is absent or unreadable; a date in
 * the past means "now".
 */
export function retryAfterMs(header: string | null, now: number): number | undefined {
  if (header === null) return undefined;
  const value = header.trim();
  if (/^\d+$/.test(value)) return Number(value) * 1000;
  // Every HTTP-date form starts with a day name; this keeps `-5` from parsing as a year.
  if (!/^[A-Za-z]{3}/.test(value)) return undefined;
  const date = Date.parse(value);
  return Number.isNaN(date) ? undefined : Math.max(0, date - now);
}
