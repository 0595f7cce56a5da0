import type { InteractionHandler } from './engine-context.js';
import { conditionalReadResult } from './conditional-read.js';
import { recordResult } from './record-result.js';
import { shapeReadResult } from './read-shape.js';
import { assertKnownType, assertValidId } from './resource-body.js';

/** vread: GET [base]/[type]/[id]/_history/[vid] (http.html#vread); a deleted version is 410. */
export const vread: InteractionHandler = async (request, context) => {
  const type = assertKnownType(request.resourceType, context);
  const id = assertValidId(request.id ?? '');
  const versionId = request.versionId ?? '';
  const record = await context.store.vread(type, id, versionId);
  const result = recordResult(record, `${type}/${id}/_history/${versionId}`);
  delete result.location;
  return shapeReadResult(conditionalReadResult(result, request.headers), request, context);
};
