import type { ResourceWrite } from './port.js';

const RESOURCE_TYPE = /^[A-Z][A-Za-z]{0,63}$/;
const VERSION_ID = /^[1-9][0-9]{0,15}$/;

/**
 * Rejects a unit of work the engine should never build, before anything is written. These are
 * programming errors, not conflicts, so they throw a plain Error. Resource types double as
 * collection names, hence the strict pattern; a resource may appear only once per unit, as in a
 * FHIR transaction (http://hl7.org/fhir/R4/http.html#trules).
 */
export function assertWellFormedUnit(writes: ResourceWrite[]): void {
  const seen = new Set<string>();
  for (const { record } of writes) {
    assertResourceType(record.resourceType);
    if (!VERSION_ID.test(record.versionId))
      throw new Error(`versionId "${record.versionId}" is not a positive integer`);
    if (record.deleted === (record.resource !== undefined)) {
      throw new Error(`${record.resourceType}/${record.id}: a record has a resource exactly when it is not deleted`);
    }
    const target = `${record.resourceType}/${record.id}`;
    if (seen.has(target)) throw new Error(`${target} appears twice in one unit of work`);
    seen.add(target);
  }
}

export function assertResourceType(resourceType: string): void {
  if (!RESOURCE_TYPE.test(resourceType)) throw new Error(`"${resourceType}" is not a resource type name`);
}
