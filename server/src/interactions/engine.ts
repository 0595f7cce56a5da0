import { buildSecurityAuditEvent } from '../audit/security-audit-event.js';
import type { SecurityAuditInput } from '../audit/security-event.js';
import { OperationOutcomeError } from '../errors/outcome-error.js';
import { appendAuditEvent, auditEventWrite, interactionAuditEvent, writeAuditEvent } from './audit-trail.js';
import { authorize } from './authorize.js';
import { batchOrTransaction } from './bundle/batch.js';
import { callerContext } from './caller-context.js';
import { conditionalDelete } from './conditional-delete.js';
import { create } from './create.js';
import { deleteResource } from './delete.js';
import type { EngineContext, InteractionHandler } from './engine-context.js';
import type { FhirRequest, FhirResult, InteractionName } from './fhir-request.js';
import { history } from './history.js';
import { conditionalPatch, patch } from './patch.js';
import { invokeOperation } from '../operations/invoke-operation.js';
import { SERVER_OPERATIONS } from '../operations/registry.js';
import type { ServerOperation } from '../operations/server-operation.js';
import { read } from './read.js';
import { searchType } from './search.js';
import { searchCompartment } from './search-compartment.js';
import { searchSystem } from './search-system.js';
import { asOutcomeError } from './store-errors.js';
import { conditionalUpdate, update } from './update.js';
import { UnitAudit } from './unit-audit.js';
import { isWrite } from './write-interactions.js';
import type { ResourceStore } from '../store/port.js';
import { vread } from './vread.js';

/**
 * The FHIR engine: one table from interaction to handler (no switch over interactions), and
 * the gate (`authorize.ts`: scopes and roles) before every handler and the audit trail around
 * every call, failures and denials included. Batch entries come back through `handle`, so
 * each entry is gated and audited like a request of its own.
 */
export class FhirEngine {
  private readonly handlers: Partial<Record<InteractionName, InteractionHandler>>;

  constructor(readonly context: EngineContext) {
    this.handlers = {
      read,
      vread,
      create,
      update,
      'conditional-update': conditionalUpdate,
      patch,
      'conditional-patch': conditionalPatch,
      delete: deleteResource,
      'conditional-delete': conditionalDelete,
      'history-instance': history,
      'history-type': history,
      'history-system': history,
      'search-type': searchType,
      'search-compartment': searchCompartment,
      'search-system': searchSystem,
      batch: batchOrTransaction(
        (request) => this.handle(request),
        (request, at) => authorize(request, SERVER_OPERATIONS, at),
      ),
      operation: invokeOperation(SERVER_OPERATIONS),
    };
  }

  /** The operations this engine runs (the CapabilityStatement lists them). */
  get operations(): ServerOperation[] {
    return [...SERVER_OPERATIONS.values()];
  }

  /** The interactions this engine serves (the CapabilityStatement is built from them). */
  get interactions(): InteractionName[] {
    return Object.keys(this.handlers) as InteractionName[];
  }

  async handle(request: FhirRequest): Promise<FhirResult> {
    const handler = this.handlers[request.interaction];
    try {
      if (!handler)
        throw OperationOutcomeError.of('not-supported', `${request.interaction} is not supported`, undefined, 501);
      authorize(request, SERVER_OPERATIONS);
      const context = callerContext(this.context, request);
      const unitAudit = this.#unitAudit(request, context.store);
      const result = await handler(request, unitAudit ? { ...context, unitAudit } : context);
      if (!unitAudit?.written) await writeAuditEvent(this.context, request, { result });
      return result;
    } catch (caught) {
      const error = asOutcomeError(caught);
      await this.auditFailure(request, error);
      throw error;
    }
  }

  /**
   * Writes (and transactions, whose entries do not come back through `handle`) commit their
   * success AuditEvent in their own unit of work; reads append it before the answer is sent.
   */
  #unitAudit(request: FhirRequest, callerStore: ResourceStore): UnitAudit | undefined {
    if (!isWrite(request.interaction) && request.interaction !== 'batch') return undefined;
    const { context } = this;
    return new UnitAudit(context.auditChain, context.store, callerStore, (result) =>
      auditEventWrite(context, interactionAuditEvent(context, request, { result })),
    );
  }

  /**
   * The AuditEvent of a failed request; used also for requests refused before the engine.
   * A failing audit write is logged, never allowed to replace the request's own error.
   */
  async auditFailure(request: FhirRequest, error: unknown): Promise<void> {
    await writeAuditEvent(this.context, request, { error }).catch((auditError: unknown) =>
      this.context.logger.error('audit write failed', { requestId: request.actor?.requestId, error: auditError }),
    );
  }

  /**
   * Appends the AuditEvent of a security event outside the FHIR interactions (token issued,
   * refused or introspected, client registered, access denied before the engine) to the same
   * chained trail. Resolves once the event is durable; rejects when it could not be written:
   * a caller granting something (a token) should then refuse, one refusing should log and
   * refuse anyway.
   */
  async auditSecurity(input: SecurityAuditInput): Promise<void> {
    await appendAuditEvent(this.context, buildSecurityAuditEvent(input, this.context.baseUrl));
  }
}
