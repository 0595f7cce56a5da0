import type { AuditEvent, OperationOutcomeIssue, Resource } from '@medplum/fhirtypes';
import { withSubmitter } from '../audit/submitter-extension.js';
import { resolveIfNoneExist } from './conditional-match.js';
import { prepareAndCommit } from './commit.js';
import type { EngineContext, InteractionHandler } from './engine-context.js';
import type { FhirRequest } from './fhir-request.js';
import type { PreparedWrite } from './prepared-write.js';
import { versionResult, withIssues } from './record-result.js';
import { buildVersion } from './resource-record.js';
import { assertKnownType, assertValidResource } from './resource-body.js';
import { StaleKeyHolders } from './unique-key-claims.js';
import { resolveConditionalReferences } from './conditional-references.js';

export interface CreateOptions {
  /** A transaction assigns ids up front so that urn:uuid references can be rewritten. */
  id?: string;
  /** Re-roots validation paths for a Bundle entry. */
  pathPrefix?: string;
  /** Holders of condition keys learnt from earlier attempts that lost a race. */
  staleHolders?: StaleKeyHolders;
}

/**
 * create: POST [base]/[type] (http.html#create), the server assigns the id and ignores one in
 * the body. With If-None-Exist (http.html#ccreate): one match → 200 with it and nothing
 * written, several → 412, none → create, claiming the condition as a unique key so that
 * concurrent identical creates cannot both succeed.
 */
export async function prepareCreate(
  request: FhirRequest,
  context: EngineContext,
  options: CreateOptions = {},
): Promise<PreparedWrite> {
  const type = assertKnownType(request.resourceType, context);
  const warnings: OperationOutcomeIssue[] = [];
  const resource = submitted(
    assertValidResource(request.body, type, context, options.pathPrefix, warnings),
    request,
    context,
  );
  let uniqueKey: string | undefined;
  if (request.headers.ifNoneExist !== undefined) {
    const found = await resolveIfNoneExist(context, type, request.headers.ifNoneExist, 'If-None-Exist');
    if ('match' in found) return { result: versionResult(200, found.match) };
    uniqueKey = found.uniqueKey;
  }
  const record = { ...buildVersion(resource, options.id ?? context.newId(), '1', context), method: 'POST' as const };
  const claim = uniqueKey === undefined ? {} : (options.staleHolders ?? new StaleKeyHolders()).claim(uniqueKey);
  return {
    write: { record, expectedVersionId: null, ...claim },
    result: withIssues(versionResult(201, record), warnings),
  };
}

/** An AuditEvent a caller submits records who submitted it (audit/submitter-extension.ts). */
function submitted(resource: Resource, request: FhirRequest, context: EngineContext): Resource {
  if (resource.resourceType !== 'AuditEvent' || request.actor === undefined) return resource;
  return withSubmitter(resource as AuditEvent, request.actor, context.now());
}

/**
 * A lost race on the condition's key is retried: preparing again finds the winner's resource,
 * or nothing when the holder no longer matches, and then takes the key over from it.
 */
export const create: InteractionHandler = async (request, context) => {
  const staleHolders = new StaleKeyHolders();
  await resolveConditionalReferences(request, context);
  return prepareAndCommit(
    context,
    () => prepareCreate(request, context, { staleHolders }),
    async (error) => void staleHolders.learn(error),
  );
};
