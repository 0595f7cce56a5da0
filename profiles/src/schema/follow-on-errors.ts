import type { ErrorObject } from 'ajv';

/**
 * Drops errors that only restate a wrong JSON type at the same place: the string "no" where a
 * boolean belongs also fails boolean's pattern, but the client needs to hear about the type once.
 */
export function withoutFollowOnErrors(errors: readonly ErrorObject[]): ErrorObject[] {
  const wrongType = new Set(errors.filter((e) => e.keyword === 'type').map((e) => e.instancePath));
  return errors.filter((e) => e.keyword === 'type' || !wrongType.has(e.instancePath));
}
