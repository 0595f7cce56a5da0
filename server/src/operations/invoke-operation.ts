import { OperationOutcomeError } from '../errors/outcome-error.js';
import type { InteractionHandler } from '../interactions/engine-context.js';
import type { FhirRequest } from '../interactions/fhir-request.js';
import { assertKnownType } from '../interactions/resource-body.js';
import { operationParameters } from './operation-parameters.js';
import type { ServerOperation } from './server-operation.js';

type Level = 'system' | 'type' | 'instance';

/**
 * The `operation` interaction (operations.html#executing): finds the operation by name in the
 * table, checks that it is defined at the level and on the resource type of the URL and that
 * a GET does not change state, reads its input Parameters and runs its handler. An unknown
 * operation is a 404 (its URL names nothing this server has); one used where its definition
 * does not allow it a 400; a GET of an operation that changes state a 405.
 */
export function invokeOperation(operations: ReadonlyMap<string, ServerOperation>): InteractionHandler {
  return async (request, context) => {
    const name = request.operation ?? '';
    const operation = operations.get(name);
    if (!operation) throw OperationOutcomeError.of('not-supported', `Unknown operation $${name}`, undefined, 404);
    const { definition } = operation;
    const level = levelOf(request);
    if (request.resourceType !== undefined) assertKnownType(request.resourceType, context);
    if (definition[level] !== true || (request.versionId !== undefined && operation.onVersion !== true)) {
      throw OperationOutcomeError.of('not-supported', `$${name} is not defined at ${describe(request, level)}`);
    }
    const types: readonly string[] = definition.resource ?? [];
    if (request.resourceType !== undefined && !types.includes('Resource') && !types.includes(request.resourceType)) {
      throw OperationOutcomeError.of('not-supported', `$${name} is not defined on ${request.resourceType}`);
    }
    if (operation.affectsState && request.method === 'GET') {
      throw OperationOutcomeError.of('not-supported', `$${name} changes data: use POST`, undefined, 405);
    }
    return operation.handler(request, operationParameters(request, definition, context), context);
  };
}

function levelOf(request: FhirRequest): Level {
  if (request.id !== undefined) return 'instance';
  return request.resourceType !== undefined ? 'type' : 'system';
}

function describe(request: FhirRequest, level: Level): string {
  return request.versionId !== undefined ? 'a historical version' : `${level} level`;
}
