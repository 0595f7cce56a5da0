import type { Resource } from '@medplum/fhirtypes';
import { OperationOutcomeError } from '../errors/outcome-error.js';
import { extractIndex } from '../search/extract-index.js';
import { warnFailedParameters } from '../search/warn-failed-parameters.js';
import type { ResourceRecord } from '../store/port.js';
import type { EngineContext } from './engine-context.js';
import { withLocalReferencesRelative } from './local-references.js';

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
  return indexedVersion(resource, { id, versionId, lastUpdated: context.now().toISOString() }, context);
}

/**
 * A stored version with a changed body but the same identity, versionId and lastUpdated (what
 * $meta-add/$meta-delete write: no new version), its search index extracted anew.
 */
export function rewrittenVersion(record: ResourceRecord, resource: Resource, context: EngineContext): ResourceRecord {
  const rewritten = indexedVersion(resource, record, context);
  const { method, recreated } = record;
  return { ...rewritten, ...(method ? { method } : {}), ...(recreated ? { recreated } : {}) };
}

function indexedVersion(
  resource: Resource,
  { id, versionId, lastUpdated }: Pick<ResourceRecord, 'id' | 'versionId' | 'lastUpdated'>,
  context: EngineContext,
): ResourceRecord {
  const stored = { ...resource, id, meta: { ...resource.meta, versionId, lastUpdated } } as Resource;
  const { idx, compartments } = indexOf(stored, context);
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

/**
 * The FHIRPath engine recurses per element, so a resource with a huge repeating element (some
 * 130,000 names) overflows the stack: that resource is too large to index, a 413, not a 500.
 */
function indexOf(resource: Resource, context: EngineContext): ReturnType<typeof extractIndex> {
  try {
    const extracted = extractIndex(withLocalReferencesRelative(resource, context.baseUrl), context.registry);
    warnFailedParameters(context.logger, extracted, resource);
    return extracted;
  } catch (error) {
    if (!(error instanceof RangeError)) throw error;
    throw OperationOutcomeError.of('too-long', 'The resource has too many elements to be indexed', undefined, 413);
  }
}

/**
 * A delete is a version of its own with no body (http.html#delete). It keeps the compartments
 * of the version it deletes: a caller confined to a patient's compartment sees that patient's
 * deletes (in history, and a read answering 410), and no one else's.
 */
export function buildTombstone(deleted: ResourceRecord, versionId: string, context: EngineContext): ResourceRecord {
  return {
    resourceType: deleted.resourceType,
    id: deleted.id,
    versionId,
    lastUpdated: context.now().toISOString(),
    deleted: true,
    idx: {},
    compartments: deleted.compartments,
    method: 'DELETE',
  };
}
