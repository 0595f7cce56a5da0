import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import {
  type CryptoKey,
  type JWK,
  jwtVerify,
  type JWTPayload,
  type KeyObject,
  type ProtectedHeaderParameters,
} from 'jose';

/** One token request as the fake authorization server received and checked it. */
export interface SeenTokenRequest {
  form: URLSearchParams;
  header: ProtectedHeaderParameters;
  claims: JWTPayload;
}

/** What the next token requests are answered with. */
export interface TokenScript {
  expiresIn?: number;
  /** An RFC 6749 §5.2 refusal instead of a token. */
  refuse?: { status: number; error: string; description?: string };
  /** Milliseconds before answering. */
  delayMs?: number;
  /** The FHIR endpoint answers 401 to every token, even a fresh one. */
  refuseEveryBearer?: boolean;
}

/**
 * A SMART authorization server and FHIR server in one `node:http` listener on 127.0.0.1:
 * smart-configuration, a token endpoint that verifies the client assertion with the client's
 * public key, and `GET /fhir/Patient/<id>` that wants a token it issued and has not revoked.
 */
export async function startFakeTokenServer(publicKey: CryptoKey | KeyObject | JWK | Uint8Array) {
  const tokenRequests: SeenTokenRequest[] = [];
  const fhirAuthorizations: Array<string | undefined> = [];
  const valid = new Set<string>();
  const script: TokenScript = {};
  let issued = 0;
  const server = createServer((request, response) => void handle(request, response));
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const tokenUrl = `${origin}/auth/token`;

  async function handle(request: IncomingMessage, response: ServerResponse): Promise<void> {
    const body = await readBody(request);
    if (request.url === '/fhir/.well-known/smart-configuration')
      return send(response, 200, { token_endpoint: tokenUrl });
    if (request.url === '/auth/token') return token(new URLSearchParams(body), response);
    const authorization = request.headers.authorization;
    fhirAuthorizations.push(authorization);
    if (script.refuseEveryBearer || !valid.has(authorization?.replace(/^Bearer /, '') ?? ''))
      return send(response, 401, {
        resourceType: 'OperationOutcome',
        issue: [{ severity: 'error', code: 'login', diagnostics: 'token refused' }],
      });
    send(response, 200, {
      resourceType: 'Patient',
      id: request.url?.split('/').pop(),
      ...(body ? JSON.parse(body) : {}),
    });
  }

  async function token(form: URLSearchParams, response: ServerResponse): Promise<void> {
    const verified = await jwtVerify(form.get('client_assertion') ?? '', publicKey, { audience: tokenUrl }).catch(
      () => undefined,
    );
    if (verified === undefined) return send(response, 401, { error: 'invalid_client' });
    const { payload, protectedHeader } = verified;
    tokenRequests.push({ form, header: protectedHeader, claims: payload });
    if (script.delayMs) await new Promise((resolve) => setTimeout(resolve, script.delayMs));
    if (script.refuse)
      return send(response, script.refuse.status, {
        error: script.refuse.error,
        error_description: script.refuse.description,
      });
    const value = `token-${++issued}`;
    valid.add(value);
    send(response, 200, {
      access_token: value,
      token_type: 'Bearer',
      expires_in: script.expiresIn ?? 300,
      scope: form.get('scope'),
    });
  }

  return {
    baseUrl: `${origin}/fhir`,
    tokenUrl,
    tokenRequests,
    fhirAuthorizations,
    script,
    /** Every token issued so far stops working (as after a key rotation). */
    revokeAll: () => valid.clear(),
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

function send(response: ServerResponse, status: number, body: unknown): void {
  response.writeHead(status, { 'Content-Type': 'application/json' }).end(JSON.stringify(body));
}

async function readBody(request: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of request) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}
