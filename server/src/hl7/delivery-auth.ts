import type { BackendServicesAuth } from '@nexushealth/sdk';
import type { OperatorRole } from '../auth/access.js';
import type { ClientRegistry } from '../auth/server/client-registry.js';
import { registerInternalClient } from '../auth/server/internal-client.js';
import type { Hl7DeliverySettings } from '../hl7-delivery-settings.js';

/** The worker writes every type a message maps to, in transactions (SMART v2 `system/*.cruds`). */
export const DELIVERY_SCOPE = 'system/*.cruds';
/** A message's AuditEvent is written conditionally (ifNoneExist searches AuditEvents): auditor. */
export const DELIVERY_ROLES: OperatorRole[] = ['auditor'];
const INTERNAL_PREFIX = 'nexushealth-hl7-worker';

export interface DeliveryAuthOptions {
  authMode: 'off' | 'smart';
  settings: Hl7DeliverySettings;
  /** The client registry of our own authorization server; unset with an external one (AUTH_JWKS_URL). */
  registry?: ClientRegistry;
  now: () => Date;
}

export interface DeliveryAuth {
  /** For the SDK's `auth` option; unset with AUTH_MODE=off. */
  auth?: BackendServicesAuth;
  /** Who the worker is in the audit trail (for the start-up log). */
  clientId?: string;
  /** Unregisters an internal client at shutdown. */
  release(): Promise<void>;
}

/**
 * How the HL7 v2 worker authenticates to the FHIR API it delivers to (SMART Backend Services,
 * https://hl7.org/fhir/smart-app-launch/backend-services.html): nothing with AUTH_MODE=off; the
 * configured client (HL7_DELIVERY_CLIENT_ID/KEY_FILE) if given; else, beside our own authorization
 * server, an internal client registered for this process with a key made in memory. Undefined when
 * none can be had (an external authorization server and no configured client).
 */
export async function hl7DeliveryAuth(options: DeliveryAuthOptions): Promise<DeliveryAuth | undefined> {
  const none = async () => undefined;
  if (options.authMode === 'off') return { release: none };
  const configured = options.settings.deliveryClient;
  if (configured !== undefined)
    return { auth: { ...configured, scope: DELIVERY_SCOPE }, clientId: configured.clientId, release: none };
  if (options.registry === undefined) return undefined;
  const client = await registerInternalClient(options.registry, {
    idPrefix: INTERNAL_PREFIX,
    name: `HL7 v2 worker (internal, process ${process.pid})`,
    scope: DELIVERY_SCOPE,
    roles: DELIVERY_ROLES,
    now: options.now,
  });
  const { clientId, privateKey, kid, alg } = client;
  return { auth: { clientId, privateKey, kid, alg, scope: DELIVERY_SCOPE }, clientId, release: client.remove };
}
