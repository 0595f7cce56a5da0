import { OperationOutcomeError } from '../errors/outcome-error.js';
import { resolveConditionalReferences } from './conditional-references.js';
import { conditionKey, findConditionalMatches } from './conditional-match.js';
import { StaleKeyHolders } from './unique-key-claims.js';
import { prepareAndCommit } from './commit.js';
import type { EngineContext, InteractionHandler } from './engine-context.js';
import type { OperationOutcomeIssue, Resource } from '@medplum/fhirtypes';
import type { ResourceRecord } from '../store/port.js';
import type { FhirRequest } from './fhir-request.js';
import type { PreparedWrite } from './prepared-write.js';
import { versionResult, withIssues } from './record-result.js';
import { buildVersion } from './resource-record.js';
import { assertUpdateId, assertValidResource, assertWritableType, changeTarget } from './resource-body.js';
import { isUnchanged } from './unchanged-content.js';
import { assertWritePreconditions, nextVersionId } from './versioning.js';

/**
 * update: PUT [base]/[type]/[id] (http.html#update). The body's id must equal the URL's;
 * an unknown (or deleted) id is created with that id (update-as-create, 201); If-Match that
 * names another version than the current one, or If-None-Match that names it (or `*`), is a
 * 412 (http.html#concurrency). An update that
 * changes nothing writes no version and answers the current one (200).
 */
export async function prepareUpdate(
  request: FhirRequest,
  context: EngineContext,
  pathPrefix?: string,
): Promise<PreparedWrite> {
  const { type, id } = changeTarget(request, context);
  const warnings: OperationOutcomeIssue[] = [];
  const resource = assertValidResource(request.body, type, context, pathPrefix, warnings);
  assertUpdateId(resource, id, pathPrefix);
  const current = await context.store.read(type, id);
  assertWritePreconditions(current, request.headers);
  return replacementWrite(current, resource, context, 'PUT', warnings);
}

/**
 * The write that makes `resource` the version after `current` (update-as-create when there is
 * none or it is deleted), expecting `current` to be still current at commit. An unchanged
 * resource writes no version and answers the current one (200). `warnings` of its validation
 * go with the result.
 */
export function replacementWrite(
  current: ResourceRecord | undefined,
  resource: Resource,
  context: EngineContext,
  method: 'PUT' | 'PATCH',
  warnings: readonly OperationOutcomeIssue[] = [],
): PreparedWrite {
  if (current && !current.deleted && isUnchanged(current.resource, resource)) {
    return { result: withIssues(versionResult(200, current), warnings) };
  }
  const created = !current || current.deleted;
  const record = {
    ...buildVersion(resource, resource.id ?? '', nextVersionId(current?.versionId), context),
    method,
    ...(current?.deleted ? { recreated: true as const } : {}),
  };
  return {
    write: { record, expectedVersionId: current?.versionId ?? null },
    result: withIssues(versionResult(created ? 201 : 200, record), warnings),
  };
}

/**
 * conditional update: PUT [base]/[type]?[search] (http.html#cond-update): no match → create
 * (with the body's id if it has one, else a new one), one match → update it, many → 412.
 */
export async function prepareConditionalUpdate(
  request: FhirRequest,
  context: EngineContext,
  staleHolders: StaleKeyHolders = new StaleKeyHolders(),
): Promise<PreparedWrite> {
  const type = assertWritableType(request.resourceType, context);
  const matches = await findConditionalMatches(context, type, request.query, 'url');
  const id = conditionalUpdateTarget(matches, request.body, context, 'url');
  const prepared = await prepareUpdate({ ...request, id, body: withId(request.body, id) }, context);
  // No match creates: claim the condition, so concurrent identical conditional updates (also
  // from other processes) create one resource; the losers retry and update the winner's.
  if (matches.length === 0 && prepared.write)
    Object.assign(prepared.write, staleHolders.claim(conditionKey(type, request.query)));
  return prepared;
}

/**
 * The id a conditional update writes: the one match's, else the body's, else a new one; several
 * matches are a 412 and a body id other than the match's a 400 (http.html#cond-update).
 */
export function conditionalUpdateTarget(
  matches: ResourceRecord[],
  body: unknown,
  context: EngineContext,
  expression: string,
): string {
  if (matches.length > 1) {
    throw OperationOutcomeError.of('multiple-matches', 'The condition matches more than one resource', expression, 412);
  }
  const bodyId = (body as { id?: unknown } | undefined)?.id;
  const [match] = matches;
  if (match && bodyId !== undefined && bodyId !== match.id) {
    throw OperationOutcomeError.of('invalid', 'The resource id differs from the matched resource', expression);
  }
  return match?.id ?? (typeof bodyId === 'string' ? bodyId : context.newId());
}

/** The body with the id a conditional update request to (anything else is left to validation). */
export function withId(body: unknown, id: string): unknown {
  return typeof body === 'object' && body !== null && !Array.isArray(body) ? { ...body, id } : body;
}

/** Retries lost races unless the client pinned a version with If-Match. */
export function retryUnlessPinned(request: FhirRequest) {
  return async () => {
    if (request.headers.ifMatch !== undefined) {
      throw OperationOutcomeError.of('conflict', 'The resource was changed concurrently', 'If-Match', 412);
    }
    return undefined;
  };
}

export const update: InteractionHandler = async (request, context) => {
  await resolveConditionalReferences(request, context);
  return prepareAndCommit(context, () => prepareUpdate(request, context), retryUnlessPinned(request));
};

export const conditionalUpdate: InteractionHandler = async (request, context) => {
  await resolveConditionalReferences(request, context);
  const staleHolders = new StaleKeyHolders();
  const pinned = retryUnlessPinned(request);
  return prepareAndCommit(
    context,
    () => prepareConditionalUpdate(request, context, staleHolders),
    async (error) => (staleHolders.learn(error) ? undefined : pinned()),
  );
};
