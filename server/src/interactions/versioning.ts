import { OperationOutcomeError } from '../errors/outcome-error.js';
import type { ResourceRecord } from '../store/port.js';

/** Weak ETag for a version (http.html#versioning): `W/"3"`. */
export function etagFor(versionId: string): string {
  return `W/"${versionId}"`;
}

/**
 * The versionId an If-Match header names. Accepts `W/"3"`, `"3"` and a bare `3`
 * (clients differ); anything else is a 400 so that a typo never updates blindly.
 */
export function versionFromIfMatch(ifMatch: string): string {
  const match = /^\s*(?:W\/)?"?([A-Za-z0-9\-.]{1,64})"?\s*$/.exec(ifMatch);
  if (!match?.[1]) throw OperationOutcomeError.of('invalid', 'If-Match must be an ETag such as W/"1"', 'If-Match');
  return match[1];
}

/** Versions are "1", "2", … in write order, so the next one is decided by the previous. */
export function nextVersionId(previous: string | undefined): string {
  if (previous === undefined) return '1';
  const n = Number.parseInt(previous, 10);
  return Number.isFinite(n) ? String(n + 1) : '1';
}

/**
 * If-Match (http.html#concurrency): the version it names must be the current, live one, else
 * 412 — the client changes only what it has seen.
 */
export function assertIfMatch(current: ResourceRecord | undefined, ifMatch: string): void {
  const expected = versionFromIfMatch(ifMatch);
  if (current?.deleted !== false || current.versionId !== expected) {
    throw OperationOutcomeError.of('conflict', `Version ${expected} is not the current version`, 'If-Match', 412);
  }
}
