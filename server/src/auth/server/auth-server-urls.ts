/** The URLs of the authorization server, beside the FHIR base (issue 6 plan, "Endpoints"). */
export interface AuthServerUrls {
  /** `iss` of its tokens: `<base without /fhir>/auth`. */
  issuer: string;
  tokenEndpoint: string;
  introspectionEndpoint: string;
  jwksUri: string;
  /** Where the admin API registers clients. */
  clientsEndpoint: string;
}

/** The issuer when none is configured: `http://host:8080/fhir` → `http://host:8080/auth` (auth-settings.ts). */
export function defaultIssuer(fhirBaseUrl: string): string {
  return `${new URL(fhirBaseUrl).origin}/auth`;
}

/** The endpoints under the issuer URL (the app mounts them at /auth/…). */
export function authServerUrls(issuer: string): AuthServerUrls {
  return {
    issuer,
    tokenEndpoint: `${issuer}/token`,
    introspectionEndpoint: `${issuer}/introspect`,
    jwksUri: `${issuer}/jwks`,
    clientsEndpoint: `${issuer}/clients`,
  };
}
