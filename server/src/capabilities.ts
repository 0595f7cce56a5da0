import type { CapabilityStatement } from '@medplum/fhirtypes';
import {
  buildCapabilityStatement,
  PATIENT_COMPARTMENT_URL,
  type SearchParameterRegistry,
} from '@nexushealth/conformance';
import { CONFINEMENT_DOCUMENTATION } from './auth/confinement-declaration.js';
import { restSecurity, type SecurityDeclaration } from './auth/security-declaration.js';
import { limitsDocumentation, type LimitsDeclaration } from './limits-declaration.js';
import type { ResourceValidator } from './validation/resource-validator.js';
import type { FhirEngine } from './interactions/engine.js';
import { isSupportedSearchParameter } from './search/supported-parameter.js';
import { TRANSACTION_DOCUMENTATION } from './interactions/bundle/transaction-declaration.js';
import { authorizationDocumentation } from './interactions/authorize-declaration.js';
import { REST_DOCUMENTATION } from './interactions/rest-declaration.js';
import { searchDocumentation, searchIncludes, searchRevIncludes } from './search/search-declaration.js';
import { SEARCH_VALUE_DOCUMENTATION } from './search/search-value-declaration.js';
import { AUDIT_EVENT_DOCUMENTATION } from './audit/audit-declaration.js';
import { isAppendOnly } from './interactions/resource-body.js';
import { JSON_PATCH } from './interactions/patch/patch-document.js';
import { validationDocumentation } from './validation/validation-declaration.js';

/** Engine interaction names → CapabilityStatement type-level interaction codes. */
const TYPE_INTERACTIONS: Record<string, string> = {
  read: 'read',
  vread: 'vread',
  update: 'update',
  patch: 'patch',
  delete: 'delete',
  'history-instance': 'history-instance',
  'history-type': 'history-type',
  create: 'create',
  'search-type': 'search-type',
};
/** What a client may not do to an append-only type. */
const CHANGE_INTERACTIONS = new Set(['update', 'patch', 'delete']);
const SYSTEM_INTERACTIONS: Record<string, string[]> = {
  batch: ['batch', 'transaction'],
  'history-system': ['history-system'],
  'search-system': ['search-system'],
};

/**
 * The CapabilityStatement of this server, generated from what is actually registered: the
 * engine's interaction table, the resource types the validator knows and the SearchParameter
 * registry — so the declaration cannot drift from the behaviour.
 */
export function buildServerCapabilities(
  engine: FhirEngine,
  registry: SearchParameterRegistry,
  validator: ResourceValidator,
  baseUrl: string,
  security: SecurityDeclaration,
  limits: LimitsDeclaration,
): CapabilityStatement {
  const served = engine.interactions;
  const typeInteractions = served.flatMap((name) => (TYPE_INTERACTIONS[name] ? [TYPE_INTERACTIONS[name]] : []));
  const appendInteractions = typeInteractions.filter((code) => !CHANGE_INTERACTIONS.has(code));
  const types = [...validator.resourceTypes].sort();
  return buildCapabilityStatement({
    baseUrl,
    software: { name: 'NexusHealth', version: '0.1.0' },
    resources: types.map((type) => {
      const writable = !isAppendOnly(type);
      return {
        type,
        interactions: writable ? typeInteractions : appendInteractions,
        searchParams: registry.forResource(type).filter(isSupportedSearchParameter),
        searchInclude: searchIncludes(type, registry),
        searchRevInclude: searchRevIncludes(type, types, registry),
        versioning: 'versioned-update',
        // If-None-Match and If-Modified-Since on read and vread (interactions/conditional-read.ts).
        conditionalRead: 'full-support',
        readHistory: true,
        updateCreate: writable,
        conditionalCreate: served.includes('create'),
        conditionalUpdate: writable && served.includes('conditional-update'),
        conditionalDelete: writable && served.includes('conditional-delete') ? 'multiple' : 'not-supported',
        operations: typeOperations(engine, type),
        supportedProfiles: [...validator.supportedProfiles(type)],
        ...(writable ? {} : { documentation: AUDIT_EVENT_DOCUMENTATION }),
      };
    }),
    systemInteractions: served.flatMap((name) => SYSTEM_INTERACTIONS[name] ?? []),
    compartments: served.includes('search-compartment') ? [PATIENT_COMPARTMENT_URL] : [],
    documentation: [
      searchDocumentation(engine.context.searchLimits),
      SEARCH_VALUE_DOCUMENTATION,
      TRANSACTION_DOCUMENTATION,
      REST_DOCUMENTATION,
      authorizationDocumentation(engine.operations),
      CONFINEMENT_DOCUMENTATION,
      validationDocumentation(validator.level),
      limitsDocumentation(limits),
    ].join(' '),
    // http.html#mime-type: both FHIR formats, in and out (server/src/http/xml/).
    formats: ['json', 'xml', 'application/fhir+json', 'application/fhir+xml'],
    // JSON Patch, and FHIRPath Patch as a Parameters resource in either format (http.html#patch).
    ...(served.includes('patch')
      ? { patchFormats: [JSON_PATCH, 'application/fhir+json', 'application/fhir+xml'] }
      : {}),
    operations: engine.operations.map(({ definition }) => ({
      name: definition.code ?? '',
      definition: definition.url ?? '',
    })),
    // rest.security.cors: whether the server answers CORS (CORS_ORIGINS, middleware/cors.ts).
    security: { ...restSecurity(security), cors: limits.security.cors.origins.length > 0 },
  });
}

/** The operations a type offers at type or instance level (rest.resource.operation). */
function typeOperations(engine: FhirEngine, type: string): Array<{ name: string; definition: string }> {
  return engine.operations
    .map(({ definition }) => definition)
    .filter((d) => d.type === true || d.instance === true)
    .filter((d) => ((d.resource ?? []) as readonly string[]).some((r) => r === 'Resource' || r === type))
    .map((d) => ({ name: d.code ?? '', definition: d.url ?? '' }));
}
