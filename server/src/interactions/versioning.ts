import { OperationOutcomeError } from '../errors/outcome-error.js';
import type { ResourceRecord } from '../store/port.js';

/** Weak ETag for a version (http.html#versioning): `W/"3"`. */
export function etagFor(versionId: string): string {
  return `W/"${versionId}"`;
}

/**
 * The versionIds an If-Match or If-None-Match header names: a list of entity tags (RFC 9110
 * §8.8.3), `W/"3"` or `"3"`, or a bare number (clients differ), or `*` (any version). Anything
 * else is a 400, so that a typo never writes blindly.
 */
export function versionsFromEtags(header: string, name: 'If-Match' | 'If-None-Match'): string[] | '*' {
  if (header.trim() === '*') return '*';
  return header.split(',').map((tag) => {
    const match = /^\s*(?:(?:W\/)?"([A-Za-z0-9\-.]{1,64})"|(\d{1,64}))\s*$/.exec(tag);
    const version = match?.[1] ?? match?.[2];
    if (!version) throw OperationOutcomeError.of('invalid', `${name} must be ETags such as W/"1"`, name);
    return version;
  });
}

/** Versions are "1", "2", … in write order, so the next one is decided by the previous. */
export function nextVersionId(previous: string | undefined): string {
  if (previous === undefined) return '1';
  const n = Number.parseInt(previous, 10);
  return Number.isFinite(n) ? String(n + 1) : '1';
}

/**
 * If-Match (http.html#concurrency, RFC 9110 §13.1.1): one of the versions it names must be the
 * current, live one, else 412 — the client changes only what it has seen.
 */
export function assertIfMatch(current: ResourceRecord | undefined, ifMatch: string): void {
  const expected = versionsFromEtags(ifMatch, 'If-Match');
  if (current?.deleted !== false || (expected !== '*' && !expected.includes(current.versionId))) {
    throw OperationOutcomeError.of('conflict', 'If-Match names no current version', 'If-Match', 412);
  }
}

/**
 * If-None-Match on a write (RFC 9110 §13.1.2): `*` writes only where nothing live exists
 * (update-as-create), a list of versions only where none of them is current; else 412.
 */
export function assertIfNoneMatch(current: ResourceRecord | undefined, ifNoneMatch: string): void {
  const refused = versionsFromEtags(ifNoneMatch, 'If-None-Match');
  if (current?.deleted === false && (refused === '*' || refused.includes(current.versionId))) {
    throw OperationOutcomeError.of('conflict', 'If-None-Match names the current version', 'If-None-Match', 412);
  }
}

/** The preconditions of a write on `current` (http.html#concurrency): If-Match, If-None-Match. */
export function assertWritePreconditions(
  current: ResourceRecord | undefined,
  headers: { ifMatch?: string; ifNoneMatch?: string },
): void {
  if (headers.ifMatch !== undefined) assertIfMatch(current, headers.ifMatch);
  if (headers.ifNoneMatch !== undefined) assertIfNoneMatch(current, headers.ifNoneMatch);
}
