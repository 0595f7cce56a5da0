import type { ClientRegistry } from './client-registry.js';
import type { AccessTokenClaims, IssuedTokens } from './issued-tokens.js';
import { OAuthError } from './oauth-error.js';
import { eventBase, type RequestMeta, type SecurityAudit } from './security-audit.js';

/**
 * Who asks (RFC 7662 §2.1: the endpoint requires authorization, against token scanning). Chosen
 * here: an admin (a Bearer token of ours with role admin, or AUTH_MODE=off) may introspect any
 * token; a registered client authenticated by its assertion (as at the token endpoint) only the
 * tokens issued to itself — any other answers `active: false`, as an unknown token would.
 */
export type IntrospectionCaller = { kind: 'admin'; clientId?: string } | { kind: 'client'; clientId: string };

/** RFC 7662 §2.2. */
export type IntrospectionResponse =
  | { active: false }
  | {
      active: true;
      scope: string;
      client_id: string;
      sub: string;
      aud: string;
      iss: string;
      exp: number;
      iat: number;
      jti: string;
      token_type: 'Bearer';
      roles: string[];
      patient?: string;
    };

export interface IntrospectionOptions {
  tokens: IssuedTokens;
  registry: ClientRegistry;
  audit: SecurityAudit;
  now: () => Date;
}

/** Token introspection (RFC 7662): `active` only for a valid token of ours whose client is still registered. */
export class Introspection {
  constructor(private readonly options: IntrospectionOptions) {}

  async introspect(
    form: URLSearchParams,
    caller: IntrospectionCaller,
    meta: RequestMeta,
  ): Promise<IntrospectionResponse> {
    const token = form.get('token');
    if (!token) throw new OAuthError('invalid_request', 'token is required');
    const claims = await this.#active(token, caller);
    await this.options.audit({
      ...eventBase(meta, 200, this.options.now(), caller.clientId),
      kind: 'token-introspected',
      ...(claims ? { tokenId: claims.jti, scope: claims.scope } : { failure: 'inactive' }),
    });
    if (!claims) return { active: false };
    const { scope, client_id, sub, aud, iss, exp, iat, jti, roles, patient } = claims;
    return {
      active: true,
      scope,
      client_id,
      sub,
      aud,
      iss,
      exp,
      iat,
      jti,
      token_type: 'Bearer',
      roles,
      ...(patient === undefined ? {} : { patient }),
    };
  }

  /** The claims of a valid token of ours whose client is still registered (also the admin API's check). */
  async activeClaims(token: string): Promise<AccessTokenClaims | undefined> {
    const claims = await this.options.tokens.verify(token);
    if (!claims) return undefined;
    return (await this.options.registry.get(claims.client_id)) ? claims : undefined;
  }

  async #active(token: string, caller: IntrospectionCaller): Promise<AccessTokenClaims | undefined> {
    const claims = await this.activeClaims(token);
    return caller.kind === 'client' && caller.clientId !== claims?.client_id ? undefined : claims;
  }
}
