import type { Resource } from '@medplum/fhirtypes';
import { extractIndex } from '../search/extract-index.js';
import type { ResourceRecord } from '../store/port.js';
import type { EngineContext } from './engine-context.js';

/**
 * The stored form of a new version: the server owns id, meta.versionId and meta.lastUpdated
 * (http.html#update, resource.html#Meta); the search index is extracted here, at write time.
 */
export function buildVersion(
  resource: Resource,
  id: string,
  versionId: string,
  context: EngineContext,
): ResourceRecord {
  const lastUpdated = context.now().toISOString();
  const stored = { ...resource, id, meta: { ...resource.meta, versionId, lastUpdated } } as Resource;
  const { idx, compartments } = extractIndex(stored, context.registry);
  return {
    resourceType: resource.resourceType,
    id,
    versionId,
    lastUpdated,
    deleted: false,
    resource: stored,
    idx,
    compartments,
  };
}

/** A delete is a version of its own with no body (http.html#delete). */
export function buildTombstone(
  resourceType: string,
  id: string,
  versionId: string,
  context: EngineContext,
): ResourceRecord {
  return {
    resourceType,
    id,
    versionId,
    lastUpdated: context.now().toISOString(),
    deleted: true,
    idx: {},
    compartments: [],
  };
}
