import type { BundleEntryRequest } from '@medplum/fhirtypes';
import { messageTagQuery } from './message-reference.js';

/**
 * The request that writes a message's Provenance or AuditEvent. `once`: POST `ifNoneExist
 * _tag=<message tag>` (http://hl7.org/fhir/R4/http.html#ccreate), for an attempt that may come after
 * one that committed (a retry, a lease taken over, a replay), so that it writes none twice. Otherwise
 * a plain POST: the conditional is a search, a scan on FerretDB, and a first attempt has nothing to
 * find (see `mayHaveCommitted` in worker.ts).
 */
export function recordRequest(type: 'Provenance' | 'AuditEvent', entryId: string, once: boolean): BundleEntryRequest {
  return once
    ? { method: 'POST', url: type, ifNoneExist: `_tag=${messageTagQuery(entryId)}` }
    : { method: 'POST', url: type };
}
