// The public surface of @nexushealth/sdk; nothing else is importable (see the exports map).
export { FhirClient, type CreateOptions, type UpdateOptions } from './fhir-client.js';
export type { FhirClientOptions } from './fhir-client-options.js';
export type { AssertionAlgorithm, BackendServicesAuth } from './auth/backend-services-auth.js';
export { BackendServicesTokens, type TokenSourceOptions } from './auth/backend-services-tokens.js';
export type { ExtractResource } from './extract-resource.js';
// The FHIR R4 types the methods take and return, so callers need no second import.
export type * from '@medplum/fhirtypes';
export type { SearchParams } from './search-params.js';
export { TransactionBuilder } from './transaction-builder.js';
export {
  FhirAuthError,
  FhirClientError,
  FhirConflictError,
  FhirConnectionError,
  FhirGoneError,
  FhirInvalidRequestError,
  FhirNotFoundError,
  FhirOAuthError,
  FhirPreconditionFailedError,
  FhirRateLimitError,
  FhirServerError,
} from './errors.js';
