export { SearchParameterRegistry } from './search-parameter-registry.js';
export type {
  CompositeComponent,
  SearchParameterDefinition,
  SearchParamType,
  TypedValue,
} from './search-parameter-definition.js';
export { PATIENT_COMPARTMENT_URL, patientCompartment, patientCompartmentTypes } from './patient-compartment.js';
export { buildCapabilityStatement } from './capability-statement.js';
export type { CapabilityStatementOptions, CapabilityResourceOptions } from './capability-statement.js';
export { referenceTarget } from './reference-target.js';
export type { ReferenceTarget } from './reference-target.js';
export { R4_RESOURCE_TYPES } from './r4-resource-types.js';
export { r4OperationDefinition } from './operation-definitions.js';
export { checkSearchParameter } from './check-search-parameter.js';
