import type { CryptoKey, JWK, KeyObject } from 'jose';

/** The client-assertion algorithms SMART Backend Services requires servers to support. */
export type AssertionAlgorithm = 'RS384' | 'ES384';

/**
 * SMART Backend Services credentials (https://hl7.org/fhir/smart-app-launch/backend-services.html):
 * the client authenticates with a JWT signed by its private key (`private_key_jwt`, RFC 7523) and
 * receives a short-lived bearer token through the `client_credentials` grant.
 */
export interface BackendServicesAuth {
  /** The `client_id` the authorization server registered; it is the assertion's `iss` and `sub`. */
  clientId: string;
  /** The private half of a key the server knows from the client's JWKS: a private JWK, a CryptoKey or a Node KeyObject. */
  privateKey: JWK | CryptoKey | KeyObject;
  /** Default: the JWK's `alg`, else RS384 for an RSA key and ES384 for a P-384 key. */
  alg?: AssertionAlgorithm;
  /** The scopes asked for, space separated, e.g. `system/Patient.rs system/Observation.rs`. */
  scope: string;
  /** Default: `token_endpoint` of `<baseUrl>/.well-known/smart-configuration`. */
  tokenUrl?: string;
  /** The `kid` header naming the key in the client's JWKS. Default: the JWK's `kid`, if any. */
  kid?: string;
}
