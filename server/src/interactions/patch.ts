import type { OperationOutcomeIssue } from '@medplum/fhirtypes';
import { OperationOutcomeError } from '../errors/outcome-error.js';
import { prepareAndCommit } from './commit.js';
import { findConditionalMatches } from './conditional-match.js';
import type { EngineContext, InteractionHandler } from './engine-context.js';
import type { FhirRequest } from './fhir-request.js';
import { applyPatchDocument } from './patch/patch-document.js';
import type { PreparedWrite } from './prepared-write.js';
import { recordResult } from './record-result.js';
import type { ResourceRecord } from '../store/port.js';
import { assertValidResource, assertWritableType, changeTarget } from './resource-body.js';
import { replacementWrite, retryUnlessPinned } from './update.js';
import { assertWritePreconditions } from './versioning.js';

/**
 * patch: PATCH [base]/[type]/[id] (http.html#patch). The patch is applied to the current
 * version, and the result is then an update like any other: validated, a new version unless
 * nothing changed, expected still current at commit (a lost race re-applies the patch to the
 * newer version, unless If-Match pinned one: 412). A patch may not change id or resourceType.
 */
export async function preparePatch(
  request: FhirRequest,
  context: EngineContext,
  pathPrefix?: string,
): Promise<PreparedWrite> {
  const { type, id } = changeTarget(request, context);
  const current = await context.store.read(type, id);
  recordResult(current, `${type}/${id}`);
  const { resource } = current as ResourceRecord & { resource: NonNullable<ResourceRecord['resource']> };
  assertWritePreconditions(current, request.headers);
  const patched = applyPatchDocument(resource, request.body, pathPrefix ?? 'Patch');
  if (patched.resourceType !== type || patched.id !== id) {
    throw OperationOutcomeError.of(
      'invalid',
      'A patch may not change the id or the resourceType',
      pathPrefix ?? `${type}.id`,
    );
  }
  const warnings: OperationOutcomeIssue[] = [];
  const valid = assertValidResource(patched, type, context, pathPrefix, warnings);
  return replacementWrite(current, valid, context, 'PATCH', warnings);
}

/**
 * The id a conditional patch, PATCH [base]/[type]?[search] (http.html#patch, as conditional
 * update), works on: one match is patched; none is a 404 and several a 412.
 */
export async function conditionalPatchTarget(
  request: FhirRequest,
  context: EngineContext,
  expression: string,
): Promise<string> {
  const type = assertWritableType(request.resourceType, context);
  const [match, ...more] = await findConditionalMatches(context, type, request.query, expression);
  if (!match) throw OperationOutcomeError.of('not-found', 'The condition matches no resource', expression, 404);
  if (more.length > 0) {
    throw OperationOutcomeError.of('multiple-matches', 'The condition matches more than one resource', expression, 412);
  }
  return match.id;
}

export const patch: InteractionHandler = (request, context) =>
  prepareAndCommit(context, () => preparePatch(request, context), retryUnlessPinned(request));

export const conditionalPatch: InteractionHandler = (request, context) =>
  prepareAndCommit(
    context,
    async () => preparePatch({ ...request, id: await conditionalPatchTarget(request, context, 'url') }, context),
    retryUnlessPinned(request),
  );
