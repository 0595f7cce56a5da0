import type { OperationDefinition, Parameters } from '@medplum/fhirtypes';
import type { OperatorRole } from '../auth/access.js';
import type { Permission } from '../auth/scopes.js';
import type { EngineContext } from '../interactions/engine-context.js';
import type { FhirRequest, FhirResult } from '../interactions/fhir-request.js';

/**
 * Runs one operation: the request (its level is told by `resourceType`, `id`, `versionId`), the
 * input Parameters already checked against the definition, and the engine's context.
 */
export type OperationHandler = (
  request: FhirRequest,
  parameters: Parameters,
  context: EngineContext,
) => Promise<FhirResult>;

/**
 * What a caller needs to run an operation (SMART scopes and operator roles; the engine's gate,
 * `interactions/authorize.ts`, checks it before the handler runs). Every part present must hold.
 */
export interface OperationAccess {
  /**
   * Permissions on the resource type of the URL (type and instance level); at system level,
   * on at least one type. `$meta` reads (`r`), `$meta-add` updates (`u`).
   */
  onType?: readonly Permission[];
  /** Permissions on other types the operation reads or writes, whatever its URL. */
  types?: Readonly<Record<string, readonly Permission[]>>;
  /** Operator roles, one of which the caller must hold (`$verify-chain`: auditor or admin). */
  roles?: readonly OperatorRole[];
}

/** An operation this server runs: its definition (operationdefinition.html) and its handler. */
export interface ServerOperation {
  /** The name in URLs, `$meta` → `meta` (the definition's `code`). */
  code: string;
  /** Read on first use: R4's definitions load from a large bundle, not at every start. */
  readonly definition: OperationDefinition;
  /**
   * Whether it changes what is stored; such an operation is POST only (operations.html: GET
   * only when affectsState is false). R4's own definitions predate that element, so it is here.
   */
  affectsState: boolean;
  /** Whether it also runs on a historical version, `[type]/[id]/_history/[vid]/$op`. */
  onVersion?: boolean;
  /** Who may run it; declared by every operation, so none runs unchecked. */
  access: OperationAccess;
  handler: OperationHandler;
}
