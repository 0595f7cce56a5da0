import type { InteractionHandler } from './engine-context.js';
import { conditionalReadResult } from './conditional-read.js';
import { recordResult } from './record-result.js';
import { shapeReadResult } from './read-shape.js';
import { assertKnownType, assertValidId } from './resource-body.js';

/** read: GET [base]/[type]/[id] (http.html#read). */
export const read: InteractionHandler = async (request, context) => {
  const type = assertKnownType(request.resourceType, context);
  const id = assertValidId(request.id ?? '');
  const result = recordResult(await context.store.read(type, id), `${type}/${id}`);
  delete result.location;
  return shapeReadResult(conditionalReadResult(result, request.headers), request, context);
};
