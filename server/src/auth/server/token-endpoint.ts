import { InvalidScopeError, parseScopes, type ScopeSet } from '../scopes.js';
import type { ClientAssertions } from './client-assertion.js';
import type { RegisteredClient } from './client-registry.js';
import type { IssuedTokens } from './issued-tokens.js';
import { OAuthError } from './oauth-error.js';
import { grantedScopes } from './scope-grant.js';
import { eventBase, type RequestMeta, type SecurityAudit } from './security-audit.js';

/** RFC 6749 §5.1 as SMART Backend Services answers it. */
export interface TokenResponse {
  access_token: string;
  token_type: 'bearer';
  expires_in: number;
  scope: string;
}

export interface TokenEndpointOptions {
  assertions: ClientAssertions;
  tokens: IssuedTokens;
  isResourceType: (name: string) => boolean;
  audit: SecurityAudit;
  now: () => Date;
}

/**
 * The token endpoint of SMART Backend Services
 * (https://hl7.org/fhir/smart-app-launch/backend-services.html#obtaining-an-access-token):
 * `grant_type=client_credentials`, the client authenticated by its assertion
 * (client-assertion.ts), the scope granted = requested ∩ registered (scope-grant.ts). Every
 * answer, issued or refused, is audited (token jti only, never the token or the assertion).
 */
export class TokenEndpoint {
  constructor(private readonly options: TokenEndpointOptions) {}

  async token(form: URLSearchParams, meta: RequestMeta): Promise<TokenResponse> {
    let clientId: string | undefined;
    try {
      const response = await this.#token(form, (named) => (clientId = named));
      await this.options.audit({
        ...eventBase(meta, 200, this.options.now(), clientId),
        kind: 'token-issued',
        tokenId: response.tokenId,
        scope: response.body.scope,
      });
      return response.body;
    } catch (error) {
      if (error instanceof OAuthError) {
        const event = eventBase(meta, error.status, this.options.now(), clientId);
        const scope = form.get('scope');
        await this.options.audit({
          ...event,
          kind: 'token-refused',
          failure: `${error.code}: ${error.description}`,
          ...(scope === null ? {} : { scope: scope.slice(0, 1000) }),
        });
      }
      throw error;
    }
  }

  async #token(
    form: URLSearchParams,
    onClientNamed: (clientId: string) => void,
  ): Promise<{ body: TokenResponse; tokenId: string }> {
    const grantType = form.get('grant_type');
    if (grantType === null) throw new OAuthError('invalid_request', 'grant_type is required');
    if (grantType !== 'client_credentials')
      throw new OAuthError('unsupported_grant_type', 'grant_type must be client_credentials');
    const { client } = await this.options.assertions.authenticate(form, onClientNamed);
    const scope = this.#grant(form.get('scope'), client);
    const { token, claims } = await this.options.tokens.issue({
      clientId: client.clientId,
      scope: scope.toString(),
      roles: client.roles,
      ...(client.patient === undefined ? {} : { patient: client.patient }),
    });
    return {
      body: {
        access_token: token,
        token_type: 'bearer',
        expires_in: this.options.tokens.lifetimeS,
        scope: claims.scope,
      },
      tokenId: claims.jti,
    };
  }

  /** RFC 6749 §3.3: a malformed scope fails the whole request (closed), and so does one granting nothing. */
  #grant(requested: string | null, client: RegisteredClient): ScopeSet {
    if (requested === null || requested.trim() === '') throw new OAuthError('invalid_scope', 'scope is required');
    if (client.scope.trim() === '') throw new OAuthError('unauthorized_client', 'the client may be granted no scope');
    let granted: ScopeSet;
    try {
      granted = grantedScopes(this.#parse(requested), this.#parse(client.scope));
    } catch (error) {
      if (error instanceof InvalidScopeError) throw new OAuthError('invalid_scope', 'a requested scope is malformed');
      throw error;
    }
    if (granted.resourceScopes.length === 0 && granted.otherScopes.length === 0)
      throw new OAuthError('invalid_scope', 'none of the requested scopes is registered for this client');
    return granted;
  }

  #parse(scope: string): ScopeSet {
    return parseScopes(scope, this.options.isResourceType);
  }
}
