import type { FhirRequest, FhirResult } from './fhir-request.js';
import { etagFor } from './versioning.js';

/**
 * Conditional read (http.html#cread): a 304 Not Modified, with ETag and Last-Modified but no
 * body, when If-None-Match names the version read (or is `*`), or — only without
 * If-None-Match, as RFC 7232 §6 orders — when it was not modified after If-Modified-Since
 * (compared to the second, the precision of an HTTP date).
 */
export function conditionalReadResult(result: FhirResult, headers: FhirRequest['headers']): FhirResult {
  if (!result.versionId || !result.lastUpdated) return result;
  const notModified =
    headers.ifNoneMatch !== undefined
      ? matchesEtag(headers.ifNoneMatch, etagFor(result.versionId))
      : headers.ifModifiedSince !== undefined && notModifiedSince(result.lastUpdated, headers.ifModifiedSince);
  return notModified ? { status: 304, versionId: result.versionId, lastUpdated: result.lastUpdated } : result;
}

/** Weak comparison (RFC 7232 §2.3.2): `W/"2"`, `"2"` and `2` all name version 2. */
function matchesEtag(header: string, etag: string): boolean {
  const opaque = (tag: string) =>
    tag
      .trim()
      .replace(/^W\//, '')
      .replace(/^"(.*)"$/, '$1');
  return header.split(',').some((tag) => tag.trim() === '*' || opaque(tag) === opaque(etag));
}

function notModifiedSince(lastUpdated: string, header: string): boolean {
  const since = Date.parse(header);
  // An unparseable date is ignored (RFC 7232 §3.3), so the resource is sent.
  return !Number.isNaN(since) && Math.floor(Date.parse(lastUpdated) / 1000) * 1000 <= since;
}
