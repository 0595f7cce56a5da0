import { randomUUID } from 'node:crypto';
import { exportJWK, generateKeyPair, SignJWT, type CryptoKey, type JSONWebKeySet, type JWTPayload } from 'jose';
import type { AuthorizationServer } from '../auth/server/authorization-server.js';
import type { RegisteredClient } from '../auth/server/client-registry.js';
import { startTestServer, type TestServer, type TestServerOptions } from './test-server.js';

export const JWT_BEARER = 'urn:ietf:params:oauth:client-assertion-type:jwt-bearer';

/** A client's key pair: the private key signs assertions, the JWKS is what gets registered. */
export interface ClientKey {
  alg: 'ES384' | 'RS384';
  kid: string;
  privateKey: CryptoKey;
  jwks: JSONWebKeySet;
}

export async function clientKey(alg: ClientKey['alg'] = 'ES384'): Promise<ClientKey> {
  const { privateKey, publicKey } = await generateKeyPair(alg);
  const kid = randomUUID();
  return { alg, kid, privateKey, jwks: { keys: [{ ...(await exportJWK(publicKey)), kid, alg }] } };
}

export interface OAuthAnswer {
  status: number;
  headers: Headers;
  body: Record<string, unknown>;
}

/** The test server with its own authorization server, and helpers to play a backend client. */
export class AuthFixture {
  private constructor(
    readonly server: TestServer,
    readonly as: AuthorizationServer,
  ) {}

  static async start(options: TestServerOptions = {}): Promise<AuthFixture> {
    const server = await startTestServer({ authorizationServer: {}, ...options });
    return new AuthFixture(server, server.authorizationServer!);
  }

  get tokenUrl(): string {
    return this.as.urls.tokenEndpoint;
  }

  /** Registers a client straight in the storage (the admin API has its own tests). */
  async register(clientId: string, key: ClientKey, grant: Partial<RegisteredClient> = {}): Promise<void> {
    await this.as.clients.register(
      { client_id: clientId, jwks: key.jwks, scope: 'system/Patient.rs system/Observation.rs', ...toWire(grant) },
      undefined,
      { requestId: 'fixture' },
    );
  }

  /** A valid assertion (SMART backend-services.html#authenticating-to-the-token-endpoint), claims overridable. */
  async assertion(clientId: string, key: ClientKey, claims: JWTPayload = {}, header: Record<string, string> = {}) {
    const now = Math.floor(Date.now() / 1000);
    return new SignJWT({
      iss: clientId,
      sub: clientId,
      aud: this.tokenUrl,
      exp: now + 120,
      jti: randomUUID(),
      ...claims,
    })
      .setProtectedHeader({ alg: key.alg, kid: key.kid, typ: 'JWT', ...header })
      .sign(key.privateKey);
  }

  /** The client_credentials form with an assertion. */
  form(assertion: string, scope = 'system/Patient.rs'): Record<string, string> {
    return { grant_type: 'client_credentials', client_assertion_type: JWT_BEARER, client_assertion: assertion, scope };
  }

  async post(path: string, form: Record<string, string> | string, headers: Record<string, string> = {}) {
    const body = typeof form === 'string' ? form : new URLSearchParams(form).toString();
    const response = await fetch(`${this.as.urls.issuer}${path}`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/x-www-form-urlencoded', ...headers },
      body,
    });
    const text = await response.text();
    return { status: response.status, headers: response.headers, body: JSON.parse(text) } as OAuthAnswer;
  }

  /** An access token for a freshly registered client. */
  async accessToken(clientId: string, grant: Partial<RegisteredClient> = {}, scope?: string): Promise<string> {
    const key = await clientKey();
    await this.register(clientId, key, grant);
    const answer = await this.post('/token', this.form(await this.assertion(clientId, key), scope ?? grant.scope));
    if (answer.status !== 200) throw new Error(`token refused: ${JSON.stringify(answer.body)}`);
    return answer.body.access_token as string;
  }

  close(): Promise<void> {
    return this.server.close();
  }
}

function toWire(grant: Partial<RegisteredClient>): Record<string, unknown> {
  const wire: Record<string, unknown> = {};
  if (grant.scope !== undefined) wire.scope = grant.scope;
  if (grant.roles !== undefined) wire.roles = grant.roles;
  if (grant.patient !== undefined) wire.patient = grant.patient;
  if (grant.jwksUri !== undefined) {
    wire.jwks_uri = grant.jwksUri;
    wire.jwks = undefined;
  }
  return wire;
}
