import type { SearchParameterRegistry } from '@nexushealth/conformance';
import type { Access } from '../auth/access.js';
import type { AuditChain } from '../audit/audit-chain.js';
import type { ResourceValidator } from '../validation/resource-validator.js';
import type { SearchLimits } from '../search/search-limits.js';
import type { ResourceStore } from '../store/port.js';
import type { GroupCommit } from './group-commit.js';
import type { UnitAudit } from './unit-audit.js';
import type { FhirRequest, FhirResult, FhirRoute } from './fhir-request.js';

/**
 * What every interaction may use. Built once by the composition root (`main.ts`); clock and id
 * generator are injected so tests can be exact.
 */
export interface EngineContext {
  store: ResourceStore;
  /** Where AuditEvents are appended (grouped into shared units of work under load). */
  auditLog: GroupCommit;
  /** Every unit of work is committed through it: the AuditEvents it creates join the hash chain. */
  auditChain: AuditChain;
  validator: ResourceValidator;
  registry: SearchParameterRegistry;
  /** Absolute base URL of the FHIR endpoint, without a trailing slash. */
  baseUrl: string;
  now: () => Date;
  newId: () => string;
  /** Turns a Bundle entry's method + URL into a FhirRequest (the router's grammar). */
  parseEntryRequest: (method: string, url: string) => FhirRoute;
  logger: Logger;
  /** Default and maximum page sizes for search and history. */
  paging: { defaultCount: number; maxCount: number };
  /**
   * Bounds of one batch/transaction: how many entries it may have, and the page size of a
   * search entry (its searchset pages on with next links), so that a small request cannot make
   * the server assemble an unbounded response.
   */
  bundleLimits: { maxEntries: number; maxSearchCount: number };
  searchLimits: SearchLimits;
  /**
   * The caller of the request being handled, set by the engine per request (its `store` is then
   * confined to what the caller may see); absent for internal work, which sees everything.
   */
  access?: Access;
  /** A write request's success AuditEvent, to be committed in the request's unit of work (unit-audit.ts). */
  unitAudit?: UnitAudit;
}

/** Structured JSON-line logging; fields carry ids, never PHI (names, values, query strings). */
export interface Logger {
  info(message: string, fields?: Record<string, unknown>): void;
  warn(message: string, fields?: Record<string, unknown>): void;
  error(message: string, fields?: Record<string, unknown>): void;
}

export type InteractionHandler = (request: FhirRequest, context: EngineContext) => Promise<FhirResult>;
