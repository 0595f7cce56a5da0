export { SchemaValidator } from './schema/schema-validator.js';
export { Terminology } from './terminology/terminology.js';
export { TerminologyError } from './terminology/terminology-error.js';
export type { Expansion } from './terminology/expansion.js';
export { R4TerminologySource } from './terminology/r4-terminology-source.js';
export type { TerminologySource } from './terminology/terminology-source.js';
export { DefinitionRegistry } from './definitions/definition-registry.js';
export { ProfileValidator, type ProfileValidationOptions } from './profile-validator.js';
export type { UnknownExtensionRule } from './structure/walk.js';
