import type { OperationOutcomeIssue, Resource } from '@medplum/fhirtypes';
import type { RequestActor } from '../audit/audit-event.js';

/** The interactions of http.html (http://hl7.org/fhir/R4/http.html), by the names the spec uses. */
export type InteractionName =
  | 'read'
  | 'vread'
  | 'create'
  | 'update'
  | 'conditional-update'
  | 'patch'
  | 'conditional-patch'
  | 'delete'
  | 'conditional-delete'
  | 'history-instance'
  | 'history-type'
  | 'history-system'
  | 'search-type'
  | 'search-compartment'
  | 'search-system'
  | 'batch'
  | 'operation';

/** Request headers that carry FHIR semantics (http.html#concurrency, #cond-update, #ops). */
export interface FhirRequestHeaders {
  ifMatch?: string;
  ifNoneExist?: string;
  ifNoneMatch?: string;
  ifModifiedSince?: string;
  prefer?: string;
}

/**
 * A FHIR request with no HTTP framework in it: what `routes.ts` builds from a Koa context and
 * what a batch/transaction entry becomes, so that every rule holds inside a Bundle too.
 */
export interface FhirRequest {
  interaction: InteractionName;
  resourceType?: string;
  id?: string;
  versionId?: string;
  /** The type searched in the compartment `[resourceType]/[id]/[searchType]`, or `*` (http.html#search). */
  searchType?: string;
  /** The operation's name without `$` (operations.html), for the `operation` interaction. */
  operation?: string;
  /** The HTTP verb, where the interaction alone does not tell it (an operation by GET or POST). */
  method?: string;
  /** Query parameters in order; repeated names stay repeated (AND). */
  query: Array<[string, string]>;
  body?: unknown;
  headers: FhirRequestHeaders;
  /** Who asks; batch and transaction entries inherit the Bundle request's actor. */
  actor?: RequestActor;
}

/** The part of a request its URL decides (what the router, or a Bundle entry's URL, gives). */
export type FhirRoute = Pick<
  FhirRequest,
  'interaction' | 'resourceType' | 'id' | 'versionId' | 'searchType' | 'operation' | 'method' | 'query'
>;

/** What an interaction answers; `http/render` turns it into status, headers and body. */
export interface FhirResult {
  status: number;
  resource?: Resource;
  /** Relative URL (`Patient/1/_history/2`) for the Location header. */
  location?: string;
  versionId?: string;
  lastUpdated?: string;
  /** `Type/id` of each resource a conditional write changed, for the audit trail. */
  affected?: string[];
  /** Warnings and information of a write's validation, answered with `Prefer: return=OperationOutcome`. */
  issues?: OperationOutcomeIssue[];
}
