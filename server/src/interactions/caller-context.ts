import { ConfinedStore } from '../auth/confined-store.js';
import type { Permission } from '../auth/scopes.js';
import type { EngineContext } from './engine-context.js';
import type { FhirRequest } from './fhir-request.js';
import { isWrite } from './write-interactions.js';

/**
 * The context as the request's caller sees it: with an access token, a store confined to what
 * its scopes reach (auth/confined-store.ts) and the caller itself, for the checks of chains,
 * `_has` and `_type`. Internal calls (no actor) and AUTH_MODE=off see everything. The audit
 * trail writes through the engine's own, unconfined context.
 */
export function callerContext(context: EngineContext, request: FhirRequest): EngineContext {
  const access = request.actor?.access;
  if (access === undefined || access.mode === 'off') return context;
  const reads: Permission[] = isWrite(request.interaction) || request.interaction === 'batch' ? ['r', 'u', 'd'] : ['r'];
  return { ...context, store: new ConfinedStore(context.store, access, reads), access };
}
