import type { Meta, Parameters } from '@medplum/fhirtypes';
import { r4OperationDefinition } from '@nexushealth/conformance';
import { OperationOutcomeError } from '../../errors/outcome-error.js';
import type { EngineContext } from '../../interactions/engine-context.js';
import type { FhirRequest } from '../../interactions/fhir-request.js';
import { recordResult } from '../../interactions/record-result.js';
import type { ResourceRecord } from '../../store/port.js';
import type { ServerOperation } from '../server-operation.js';

/**
 * $meta (http://hl7.org/fhir/R4/resource-operation-meta.html): the meta of a resource's current
 * version, or of a historical one, without the resource itself. The summary across a type or
 * the whole system is optional ("should return a 4xx error if they don't") and not offered.
 */
export const metaOperation: ServerOperation = {
  code: 'meta',
  get definition() {
    return r4OperationDefinition('Resource-meta');
  },
  affectsState: false,
  access: { onType: ['r'] },
  onVersion: true,
  handler: async (request, _parameters, context) => {
    const record = await versionRecord(request, context);
    return { status: 200, resource: metaParameters(record.resource?.meta ?? {}) };
  },
};

/** The version an instance-level meta operation works on: the current one, or the one named. */
export async function versionRecord(request: FhirRequest, context: EngineContext): Promise<ResourceRecord> {
  const { resourceType, id, versionId } = request;
  if (resourceType === undefined || id === undefined) {
    throw OperationOutcomeError.of(
      'not-supported',
      `$${request.operation ?? ''} is served on a resource instance only`,
    );
  }
  const record =
    versionId === undefined
      ? await context.store.read(resourceType, id)
      : await context.store.vread(resourceType, id, versionId);
  const what = [resourceType, id, ...(versionId === undefined ? [] : ['_history', versionId])].join('/');
  recordResult(record, what);
  return record as ResourceRecord;
}

/** The operations' output: `return` carries the Meta. */
export function metaParameters(meta: Meta): Parameters {
  return { resourceType: 'Parameters', parameter: [{ name: 'return', valueMeta: meta }] };
}
