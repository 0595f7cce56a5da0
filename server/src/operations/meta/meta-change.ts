import type { Coding, Meta, Resource } from '@medplum/fhirtypes';
import { OperationOutcomeError } from '../../errors/outcome-error.js';
import { rewrittenVersion } from '../../interactions/resource-record.js';
import { assertWritableType, assertValidResource } from '../../interactions/resource-body.js';
import type { OperationHandler } from '../server-operation.js';
import { metaParameters, versionRecord } from './meta.js';

/** How a change combines the stored meta's sets with the sets of the `meta` input. */
type SetChange = <T>(stored: T[], given: T[], same: (a: T, b: T) => boolean) => T[];

/** Tags and security labels are the same label when system and code are (version, display ignored). */
const sameCoding = (a: Coding, b: Coding): boolean => a.system === b.system && a.code === b.code;
const sameProfile = (a: string, b: string): boolean => a === b;

export const addToSet: SetChange = (stored, given, same) =>
  given.reduce((set, item) => (set.some((s) => same(s, item)) ? set : [...set, item]), stored);

export const removeFromSet: SetChange = (stored, given, same) =>
  stored.filter((item) => !given.some((g) => same(g, item)));

/**
 * $meta-add and $meta-delete (resource-operation-meta-add.html, -meta-delete.html): profiles,
 * tags and security labels are sets, changed on the current or a historical version in place.
 * "This operation is special in that executing this operation does not cause a new version of
 * the resource to be created. The meta is updated directly", so versionId and lastUpdated stay.
 * The changed resource is validated and re-indexed (`_tag`, `_profile`, `_security` find it).
 */
export function metaChange(change: SetChange): OperationHandler {
  return async (request, parameters, context) => {
    assertWritableType(request.resourceType, context);
    const given = parameters.parameter?.find((p) => p.name === 'meta')?.valueMeta;
    if (given === undefined)
      throw OperationOutcomeError.of('invalid', "'meta' must be a valueMeta", 'Parameters.parameter');
    const record = await versionRecord(request, context);
    const resource = record.resource as Resource;
    const meta = changedMeta(resource.meta ?? {}, given, change);
    if (JSON.stringify(meta) === JSON.stringify(resource.meta ?? {})) {
      return { status: 200, resource: metaParameters(meta) };
    }
    const changed = assertValidResource({ ...resource, meta }, resource.resourceType, context);
    const rewritten = rewrittenVersion(record, changed, context);
    // A stored version is never removed, so only a store that lost it could answer false.
    if (!(await context.store.rewriteVersion(rewritten))) {
      throw OperationOutcomeError.of('conflict', 'The version changed while its meta was written', undefined, 409);
    }
    return { status: 200, resource: metaParameters(rewritten.resource?.meta ?? {}) };
  };
}

function changedMeta(stored: Meta, given: Meta, change: SetChange): Meta {
  const meta: Meta = { ...stored };
  const profile = change(stored.profile ?? [], given.profile ?? [], sameProfile);
  const tag = change(stored.tag ?? [], given.tag ?? [], sameCoding);
  const security = change(stored.security ?? [], given.security ?? [], sameCoding);
  for (const [key, value] of [
    ['profile', profile],
    ['tag', tag],
    ['security', security],
  ] as const) {
    if (value.length > 0) Object.assign(meta, { [key]: value });
    else delete meta[key];
  }
  return meta;
}
