export { SchemaValidator } from './schema/schema-validator.js';
