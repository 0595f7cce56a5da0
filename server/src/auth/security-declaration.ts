import type { CapabilityStatementRestSecurity } from '@medplum/fhirtypes';

/** The OAuth endpoints a client uses (SMART App Launch 2, conformance.html; smart-configuration has them too). */
export interface OAuthUris {
  token: string;
  introspect?: string;
  /** Absent: only SMART Backend Services (client_credentials), no user launch. */
  authorize?: string;
}

/** How the server is protected, as the CapabilityStatement says it. */
export type SecurityDeclaration = { mode: 'off' } | { mode: 'smart'; oauthUris?: OAuthUris };

const OAUTH_URIS = 'http://fhir-registry.smarthealthit.org/StructureDefinition/oauth-uris';
const SMART_ON_FHIR = {
  coding: [
    {
      system: 'http://terminology.hl7.org/CodeSystem/restful-security-service',
      code: 'SMART-on-FHIR',
      display: 'SMART-on-FHIR',
    },
  ],
  text: 'OAuth2 using SMART-on-FHIR profile (Bearer JWT access tokens, SMART scopes v1 and v2)',
};

/**
 * CapabilityStatement.rest.security (capabilitystatement-definitions.html#CapabilityStatement.rest.security):
 * with AUTH_MODE=smart the SMART-on-FHIR service and the oauth-uris extension (deprecated by
 * SMART 2 in favour of /.well-known/smart-configuration, still read by older clients);
 * with AUTH_MODE=off a description no reader can miss.
 */
export function restSecurity(declaration: SecurityDeclaration): CapabilityStatementRestSecurity {
  if (declaration.mode === 'off')
    return {
      cors: false,
      description:
        'AUTHENTICATION IS OFF (AUTH_MODE=off): every caller may read and write everything. Served on loopback only; never expose it.',
    };
  const security: CapabilityStatementRestSecurity = {
    cors: false,
    service: [SMART_ON_FHIR],
    description:
      'SMART on FHIR: every request under /fhir (but /fhir/metadata and /fhir/.well-known/*) and /hl7v2 needs a Bearer JWT access token in the Authorization header (RFC 6750 §2.1; not in the query or body). ' +
      'Scopes v1 and v2 (patient/, user/, system/) are enforced for every interaction; a malformed scope makes the token invalid. ' +
      'Discovery: /fhir/.well-known/smart-configuration.',
  };
  const uris = declaration.oauthUris;
  if (uris)
    security.extension = [
      {
        url: OAUTH_URIS,
        extension: (['token', 'authorize', 'introspect'] as const).flatMap((name) =>
          uris[name] ? [{ url: name, valueUri: uris[name] }] : [],
        ),
      },
    ];
  return security;
}
