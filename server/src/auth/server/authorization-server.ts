import { randomUUID } from 'node:crypto';
import type { AuthStorage } from './auth-storage.js';
import { authServerUrls, defaultIssuer, type AuthServerUrls } from './auth-server-urls.js';
import { CachedClientRegistry } from './cached-client-registry.js';
import { ClientAdmin } from './client-admin.js';
import { ClientAssertions } from './client-assertion.js';
import { ClientKeys } from './client-keys.js';
import { Introspection } from './introspection.js';
import { IssuedTokens } from './issued-tokens.js';
import type { SecurityAudit } from './security-audit.js';
import { SigningKeys, type SigningAlgorithm } from './signing-keys.js';
import { smartConfiguration } from './smart-configuration.js';
import { TokenEndpoint } from './token-endpoint.js';

export interface AuthorizationServerOptions {
  /** The FHIR base URL: `aud` of the tokens; the server's URLs sit beside it (auth-server-urls.ts). */
  baseUrl: string;
  /** `iss` of the tokens (AuthSettings.issuer); default `<origin of baseUrl>/auth`. */
  issuer?: string;
  /** `aud` of the tokens (AUTH_AUDIENCE); default `baseUrl`. */
  audience?: string;
  storage: AuthStorage;
  isResourceType: (name: string) => boolean;
  /** AUTH_TOKEN_LIFETIME_S (default 300). */
  tokenLifetimeS?: number;
  /** AUTH_CLOCK_TOLERANCE_S (default 30), for assertions and introspection. */
  clockToleranceS?: number;
  signingAlgorithm?: SigningAlgorithm;
  /** TEST ONLY (AUTH_JWKS_URI_ALLOW_HTTP_LOOPBACK): clients' jwks_uri may be http:// to loopback. */
  allowHttpJwksLoopback?: boolean;
  now?: () => Date;
  newId?: () => string;
}

/**
 * NexusHealth's own authorization server for SMART Backend Services: the parts put together
 * over one storage. `init()` before use (loads or makes the signing keys).
 */
export class AuthorizationServer {
  readonly urls: AuthServerUrls;
  readonly keys: SigningKeys;
  readonly tokens: IssuedTokens;
  readonly assertions: ClientAssertions;
  readonly tokenEndpoint: TokenEndpoint;
  readonly introspection: Introspection;
  readonly clients: ClientAdmin;
  readonly now: () => Date;
  readonly #registry: CachedClientRegistry;
  #auditSink: SecurityAudit | undefined;

  constructor(options: AuthorizationServerOptions) {
    const now = options.now ?? (() => new Date());
    const newId = options.newId ?? randomUUID;
    const clockToleranceS = options.clockToleranceS ?? 30;
    const { storage } = options;
    const audit: SecurityAudit = (input) => this.audit(input);
    this.now = now;
    this.#registry = new CachedClientRegistry(storage.clients, { now });
    this.urls = authServerUrls(options.issuer ?? defaultIssuer(options.baseUrl));
    this.keys = new SigningKeys(storage.keys, {
      now,
      ...(options.signingAlgorithm ? { alg: options.signingAlgorithm } : {}),
    });
    this.tokens = new IssuedTokens(this.keys, {
      issuer: this.urls.issuer,
      audience: options.audience ?? options.baseUrl.replace(/\/+$/, ''),
      lifetimeS: options.tokenLifetimeS ?? 300,
      clockToleranceS,
      now,
      newId,
    });
    this.assertions = new ClientAssertions({
      registry: storage.clients,
      keys: new ClientKeys({ now, fetch: { allowHttpLoopback: options.allowHttpJwksLoopback === true } }),
      ledger: storage.jtis,
      audience: this.urls.tokenEndpoint,
      clockToleranceS,
      now,
    });
    this.tokenEndpoint = new TokenEndpoint({
      assertions: this.assertions,
      tokens: this.tokens,
      isResourceType: options.isResourceType,
      audit,
      now,
    });
    this.introspection = new Introspection({ tokens: this.tokens, registry: this.#registry, audit, now });
    this.clients = new ClientAdmin({
      registry: this.#registry,
      rules: { isResourceType: options.isResourceType, allowHttpJwksUri: options.allowHttpJwksLoopback === true },
      audit,
      now,
      newId,
    });
  }

  /** Where its events go (app.ts: FhirEngine.auditSecurity); until set, every event fails (closed). */
  auditTo(sink: SecurityAudit): void {
    this.#auditSink = sink;
  }

  /** Records an event; no answer is given without its trace. */
  readonly audit: SecurityAudit = async (input) => {
    if (!this.#auditSink) throw new Error('AuthorizationServer: no audit sink (auditTo)');
    await this.#auditSink(input);
  };

  /**
   * Whether a client is still registered: the FHIR API refuses the tokens of a deleted client
   * (RFC 7662 §2.2, as introspection does) at once here, within 5 s in another process.
   */
  async clientRegistered(clientId: string): Promise<boolean> {
    return (await this.#registry.get(clientId)) !== undefined;
  }

  async init(): Promise<void> {
    await this.keys.init();
  }

  smartConfiguration(): Record<string, unknown> {
    return smartConfiguration(this.urls);
  }
}
