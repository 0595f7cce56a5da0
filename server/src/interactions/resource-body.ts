import type { OperationOutcomeIssue, Resource } from '@medplum/fhirtypes';
import { checkSearchParameter } from '@nexushealth/conformance';
import { isError } from '@nexushealth/profiles';
import { OperationOutcomeError } from '../errors/outcome-error.js';
import type { FhirRequest } from './fhir-request.js';
import type { EngineContext } from './engine-context.js';
import { DEFINITION_TYPES, type ValidateOptions } from '../validation/resource-validator.js';

/**
 * Checks that a request body is a resource of the expected type and valid at the configured
 * level (validation/validation-settings.ts); throws an OperationOutcome (with `expression`
 * paths) when an issue is an error: 400 when it fails basic FHIR validation (the R4 schema and
 * base definitions), 422 when only the profiles that apply to it (claimed, required) or a business
 * rule refuse it (http://hl7.org/fhir/R4/http.html#create, #update). Warnings do not refuse a
 * write: they are added to `warnings`. `pathPrefix` re-roots the paths of a Bundle entry
 * (`Bundle.entry[3].resource`).
 */
export function assertValidResource(
  body: unknown,
  expectedType: string,
  context: EngineContext,
  pathPrefix?: string,
  warnings: OperationOutcomeIssue[] = [],
): Resource {
  const judgement = judge(body, expectedType, context, { pathPrefix });
  const issues = rerooted(judgement, expectedType, pathPrefix);
  if (issues.some(isError)) throw new OperationOutcomeError(issues, refusalStatus(body, judgement, context));
  warnings.push(...issues);
  return body as Resource;
}

export interface ResourceIssueOptions extends ValidateOptions {
  pathPrefix?: string;
}

/**
 * Every issue a write of `body` as `expectedType` would meet, warnings included: the one
 * judgement of writes and $validate. A body that is no resource of that type is thrown (400):
 * it cannot be judged at all.
 */
export function resourceIssues(
  body: unknown,
  expectedType: string,
  context: EngineContext,
  { pathPrefix, ...options }: ResourceIssueOptions = {},
): OperationOutcomeIssue[] {
  return rerooted(judge(body, expectedType, context, { ...options, pathPrefix }), expectedType, pathPrefix);
}

/** The validator's issues, and those of the rules of served types (run only when the first have no error). */
interface Judgement {
  validation: OperationOutcomeIssue[];
  rules: OperationOutcomeIssue[];
}

function judge(
  body: unknown,
  expectedType: string,
  context: EngineContext,
  { pathPrefix, ...options }: ResourceIssueOptions,
): Judgement {
  if (typeof body !== 'object' || body === null || Array.isArray(body)) {
    throw OperationOutcomeError.of('structure', 'The body must be a FHIR resource (a JSON object)', pathPrefix);
  }
  const type = (body as { resourceType?: unknown }).resourceType;
  if (type !== expectedType) {
    throw OperationOutcomeError.of(
      'invalid',
      `resourceType must be ${expectedType}, the type named by the request URL`,
      pathPrefix ? `${pathPrefix}.resourceType` : `${expectedType}.resourceType`,
    );
  }
  // A definition's cheap refusals first: validating a 100,000-element StructureDefinition takes seconds.
  const refused = DEFINITION_TYPES.includes(type) ? context.validator.precheckDefinition(body as Resource) : [];
  if (refused.some(isError)) return { validation: [], rules: refused };
  const validation = context.validator.validate(body, options);
  const rules = validation.some(isError) ? [] : rulesOfServedTypes(body as Resource, context);
  return { validation, rules };
}

function rerooted(
  { validation, rules }: Judgement,
  type: string,
  pathPrefix: string | undefined,
): OperationOutcomeIssue[] {
  // Errors first, as the validator orders its own: a refusal leads with what refuses it.
  const issues = [...rules.filter(isError), ...validation, ...rules.filter((i) => !isError(i))];
  return pathPrefix ? issues.map((i) => reroot(i, type, pathPrefix)) : issues;
}

/** Codes of the server's own rules (size limits, …) rather than of FHIR's: 422. */
const BUSINESS_RULES: ReadonlySet<string> = new Set(['business-rule', 'too-costly']);

/**
 * 422 when the errors are the profiles' alone (a validation at the `base` level finds none; run
 * only for a refused write) or business rules, 400 otherwise (http.html#create).
 */
function refusalStatus(body: unknown, { validation, rules }: Judgement, context: EngineContext): 400 | 422 {
  if (!validation.some(isError)) return rules.filter(isError).every((i) => BUSINESS_RULES.has(i.code)) ? 422 : 400;
  if (context.validator.level !== 'profiles' || !profilesApply(body, context)) return 400;
  return context.validator.validate(body, { level: 'base' }).some(isError) ? 400 : 422;
}

/** Whether any profile was judged: one claimed in `meta.profile` or one required of the type. */
function profilesApply(body: unknown, context: EngineContext): boolean {
  const resource = body as Resource;
  return (
    (resource.meta?.profile?.length ?? 0) > 0 || context.validator.requiredProfiles(resource.resourceType).length > 0
  );
}

/**
 * Resources this server applies as soon as they are stored: an active SearchParameter
 * (search/live-search-parameters.ts) and the definitions validation uses
 * (validation/live-definitions.ts) must be usable, else they are refused.
 */
function rulesOfServedTypes(resource: Resource, context: EngineContext): OperationOutcomeIssue[] {
  if (resource.resourceType === 'SearchParameter' && resource.status === 'active') {
    return checkSearchParameter(resource, context.registry);
  }
  return DEFINITION_TYPES.includes(resource.resourceType) ? context.validator.checkDefinition(resource) : [];
}

function reroot(issue: OperationOutcomeIssue, type: string, prefix: string): OperationOutcomeIssue {
  if (!issue.expression) return issue;
  return {
    ...issue,
    expression: issue.expression.map((e) => (e.startsWith(type) ? prefix + e.slice(type.length) : e)),
  };
}

/** The resource type of a URL must be one the server knows (http.html: unknown type → 404). */
export function assertKnownType(resourceType: string | undefined, context: EngineContext): string {
  if (!resourceType || !context.validator.isResourceType(resourceType)) {
    throw OperationOutcomeError.of('not-supported', `Unknown resource type '${resourceType ?? ''}'`, undefined, 404);
  }
  return resourceType;
}

/**
 * Append-only types: AuditEvents are created (by this server for every interaction, or by an
 * auditor's or admin's system recording its own, as an IHE BALP audit repository accepts — each
 * marked with its submitter, audit/submitter-extension.ts) but never changed or deleted
 * through the API, so the audit trail cannot be rewritten (DESIGN.md "Data in MongoDB").
 */
const APPEND_ONLY_TYPES: ReadonlySet<string> = new Set(['AuditEvent']);

export function isAppendOnly(resourceType: string): boolean {
  return APPEND_ONLY_TYPES.has(resourceType);
}

/** A known type whose resources may be changed or deleted; 405 for the append-only ones (http.html#summary). */
export function assertWritableType(resourceType: string | undefined, context: EngineContext): string {
  const type = assertKnownType(resourceType, context);
  if (isAppendOnly(type)) {
    throw OperationOutcomeError.of(
      'not-supported',
      `${type} resources are append-only: they can be created, never changed or deleted`,
      undefined,
      405,
    );
  }
  return type;
}

/** The `[type]/[id]` a change (update, patch, delete) targets: a writable type and a valid id. */
export function changeTarget(request: FhirRequest, context: EngineContext): { type: string; id: string } {
  return { type: assertWritableType(request.resourceType, context), id: assertValidId(request.id ?? '') };
}

/** An update's body carries the id of its URL (http.html#update). */
export function assertUpdateId(resource: Resource, id: string, pathPrefix?: string): void {
  if (resource.id === id) return;
  throw OperationOutcomeError.of(
    'invalid',
    resource.id === undefined ? 'The resource must carry the id of the URL' : 'The resource id differs from the URL id',
    `${pathPrefix ?? resource.resourceType}.id`,
  );
}

/** Logical ids: [A-Za-z0-9\-\.]{1,64} (datatypes.html#id). */
export function assertValidId(id: string): string {
  if (!/^[A-Za-z0-9\-.]{1,64}$/.test(id)) {
    throw OperationOutcomeError.of('invalid', 'A logical id is 1-64 characters of A-Z a-z 0-9 - .', 'id');
  }
  return id;
}
