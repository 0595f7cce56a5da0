import type { AuthServerUrls } from './auth-server-urls.js';
import { ASSERTION_ALGORITHMS } from './client-assertion.js';

/**
 * `/fhir/.well-known/smart-configuration` (SMART App Launch 2, conformance.html#metadata) for
 * this server's own authorization server: backend services only (client_credentials with
 * private_key_jwt), SMART scopes v1 and v2.
 */
export function smartConfiguration(urls: AuthServerUrls): Record<string, unknown> {
  return {
    issuer: urls.issuer,
    jwks_uri: urls.jwksUri,
    token_endpoint: urls.tokenEndpoint,
    introspection_endpoint: urls.introspectionEndpoint,
    grant_types_supported: ['client_credentials'],
    token_endpoint_auth_methods_supported: ['private_key_jwt'],
    token_endpoint_auth_signing_alg_values_supported: [...ASSERTION_ALGORITHMS],
    scopes_supported: ['system/*.cruds', 'system/*.read', 'system/*.write', 'patient/*.rs', 'patient/*.read'],
    capabilities: ['client-confidential-asymmetric', 'permission-v1', 'permission-v2', 'permission-patient'],
  };
}
