import { OperationOutcomeError } from '../../errors/outcome-error.js';
import type { ClientRegistry, RegisteredClient } from './client-registry.js';
import {
  clientDocument,
  clientFromRegistration,
  type ClientDocument,
  type RegistrationRules,
} from './client-registration.js';
import { eventBase, type RequestMeta, type SecurityAudit } from './security-audit.js';

export interface ClientAdminOptions {
  registry: ClientRegistry;
  rules: RegistrationRules;
  audit: SecurityAudit;
  now: () => Date;
  newId: () => string;
}

/**
 * The admin API over the client registry (POST/GET/DELETE /auth/clients): callers are admins,
 * checked by the HTTP layer. A client id is registered once (409 after); to change a client's
 * keys or scope, delete and register it again. Registrations and removals are audited.
 */
export class ClientAdmin {
  constructor(private readonly options: ClientAdminOptions) {}

  async register(body: unknown, admin: string | undefined, meta: RequestMeta): Promise<ClientDocument> {
    let client: RegisteredClient;
    try {
      client = clientFromRegistration(body, this.options.rules, this.options.newId, this.options.now());
      if ((await this.options.registry.register(client)) === 'exists')
        throw OperationOutcomeError.of('duplicate', `Client ${client.clientId} is registered already`, 'client_id');
    } catch (error) {
      // A refused registration (a bad jwks_uri, a taken id) leaves its trace as a removal does.
      if (error instanceof OperationOutcomeError) await this.#refused(meta, error, admin);
      throw error;
    }
    await this.#audit(meta, 'client-registered', 201, admin, client);
    return clientDocument(client);
  }

  async list(): Promise<ClientDocument[]> {
    return (await this.options.registry.list()).map(clientDocument);
  }

  async read(clientId: string): Promise<ClientDocument> {
    const client = await this.options.registry.get(clientId);
    if (!client) throw notFound(clientId);
    return clientDocument(client);
  }

  async remove(clientId: string, admin: string | undefined, meta: RequestMeta): Promise<void> {
    const client = await this.options.registry.get(clientId);
    if (!(await this.options.registry.remove(clientId))) throw notFound(clientId);
    await this.#audit(meta, 'client-removed', 204, admin, client ?? { clientId });
  }

  async #refused(meta: RequestMeta, error: OperationOutcomeError, admin: string | undefined) {
    const issue = error.outcome.issue[0];
    await this.options.audit({
      ...eventBase(meta, error.status, this.options.now(), admin),
      kind: 'client-registered',
      failure: `registration refused: ${issue?.expression?.[0] ?? issue?.code ?? 'invalid'}`,
    });
  }

  /** The client registered or removed is the event's entity, with its scope and fixed patient. */
  async #audit(
    meta: RequestMeta,
    kind: 'client-registered' | 'client-removed',
    status: number,
    admin: string | undefined,
    client: Pick<RegisteredClient, 'clientId'> & Partial<Pick<RegisteredClient, 'scope' | 'patient'>>,
  ) {
    await this.options.audit({
      ...eventBase(meta, status, this.options.now(), admin),
      kind,
      targetClientId: client.clientId,
      ...(client.scope === undefined ? {} : { scope: client.scope }),
      ...(client.patient === undefined ? {} : { patients: [`Patient/${client.patient}`] }),
    });
  }
}

function notFound(clientId: string): OperationOutcomeError {
  return OperationOutcomeError.of('not-found', `No client ${clientId.slice(0, 128)}`);
}
