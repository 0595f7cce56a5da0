// Clients of the program's own authorization server for the auth suite: a key pair per client,
// registered by the harness's admin through POST /auth/clients (server/src/auth/server/client-registration.ts).
import type { BackendServicesAuth } from '@nexushealth/sdk';
import { expect } from 'chai';
import { exportJWK, generateKeyPair, type JWK, SignJWT } from 'jose';
import { raw, type RawResponse } from './raw-http.js';
import type { RunningServer } from './server-process.js';

/** What POST /auth/clients takes (RFC 7591 §2 member names). */
export interface ClientRegistration {
  client_id: string;
  scope: string;
  roles?: Array<'admin' | 'auditor' | 'hl7-sender'>;
  patient?: string;
}

export interface TestClient {
  clientId: string;
  privateJwk: JWK;
  /** The SDK's `auth` option for this client, asking for `scope` (default: all it was registered with). */
  auth(scope?: string): BackendServicesAuth;
}

const JSON_HEADERS = { 'Content-Type': 'application/json', Accept: 'application/json' };

/** POST /auth/clients with a new RS384 key: as the admin, or with `as` (a token, or `anonymous`). */
export async function postClient(
  server: RunningServer,
  registration: ClientRegistration,
  as: { token: string } | 'anonymous' | 'admin' = 'admin',
): Promise<{ response: RawResponse; client: TestClient }> {
  const { privateKey, publicKey } = await generateKeyPair('RS384', { extractable: true });
  const kid = `${registration.client_id}-1`;
  const jwks = { keys: [{ ...(await exportJWK(publicKey)), kid, alg: 'RS384', use: 'sig' }] };
  const body = { ...registration, jwks };
  const response = await raw(server.baseUrl, `${server.origin}/auth/clients`, {
    method: 'POST',
    body,
    headers: { ...JSON_HEADERS, ...(typeof as === 'object' ? { Authorization: `Bearer ${as.token}` } : {}) },
    anonymous: as !== 'admin',
  });
  const privateJwk = { ...(await exportJWK(privateKey)), kid };
  const client: TestClient = {
    clientId: registration.client_id,
    privateJwk,
    auth: (scope = registration.scope) => ({ clientId: registration.client_id, privateKey: privateJwk, scope }),
  };
  return { response, client };
}

/** Registers a client as the admin, failing the test unless it answers 201. */
export async function registerClient(server: RunningServer, registration: ClientRegistration): Promise<TestClient> {
  const { response, client } = await postClient(server, registration);
  expect(response.status, `POST /auth/clients ${registration.client_id}: ${response.text}`).to.equal(201);
  return client;
}

/** A client assertion made by hand (the SDK makes a fresh one each time; replay tests need one twice). */
export async function handMadeAssertion(client: TestClient, tokenUrl: string): Promise<string> {
  const now = Math.floor(Date.now() / 1000);
  return new SignJWT({})
    .setProtectedHeader({ alg: 'RS384', kid: client.privateJwk.kid ?? '', typ: 'JWT' })
    .setIssuer(client.clientId)
    .setSubject(client.clientId)
    .setAudience(tokenUrl)
    .setExpirationTime(now + 120)
    .setJti(crypto.randomUUID())
    .sign(client.privateJwk);
}

/** POST /auth/token with a client_credentials grant, as raw HTTP (no admin token attached). */
export async function postToken(tokenUrl: string, assertion: string, scope: string): Promise<RawResponse> {
  const form = new URLSearchParams({
    grant_type: 'client_credentials',
    scope,
    client_assertion_type: 'urn:ietf:params:oauth:client-assertion-type:jwt-bearer',
    client_assertion: assertion,
  });
  return raw(tokenUrl, tokenUrl, {
    method: 'POST',
    body: form.toString(),
    headers: { 'Content-Type': 'application/x-www-form-urlencoded', Accept: 'application/json' },
    anonymous: true,
  });
}
