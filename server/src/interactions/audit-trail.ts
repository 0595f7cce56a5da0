import type { AuditEvent, Bundle, BundleEntry, Resource } from '@medplum/fhirtypes';
import { buildAuditEvent } from '../audit/audit-event.js';
import { patientReferences, patientsTouched } from '../audit/patients-touched.js';
import { UNRESTRICTED_ACCESS } from '../auth/access.js';
import { OperationOutcomeError } from '../errors/outcome-error.js';
import type { ResourceWrite } from '../store/port.js';
import type { EngineContext } from './engine-context.js';
import type { FhirRequest, FhirResult, InteractionName } from './fhir-request.js';
import { buildVersion } from './resource-record.js';

/** BALP action and restful-interaction subtype per interaction. */
const AUDIT_CODES: Record<InteractionName, { action: 'C' | 'R' | 'U' | 'D' | 'E'; subtype: string }> = {
  read: { action: 'R', subtype: 'read' },
  vread: { action: 'R', subtype: 'vread' },
  create: { action: 'C', subtype: 'create' },
  update: { action: 'U', subtype: 'update' },
  'conditional-update': { action: 'U', subtype: 'update' },
  patch: { action: 'U', subtype: 'patch' },
  'conditional-patch': { action: 'U', subtype: 'patch' },
  delete: { action: 'D', subtype: 'delete' },
  'conditional-delete': { action: 'D', subtype: 'delete' },
  'history-instance': { action: 'R', subtype: 'history-instance' },
  'history-type': { action: 'R', subtype: 'history-type' },
  'history-system': { action: 'R', subtype: 'history-system' },
  'search-type': { action: 'E', subtype: 'search-type' },
  'search-compartment': { action: 'E', subtype: 'search-type' },
  'search-system': { action: 'E', subtype: 'search-system' },
  batch: { action: 'E', subtype: 'batch' },
  operation: { action: 'E', subtype: 'operation' },
};

/** An audit record lists at most this many resources, so a huge search stays one small event. */
const MAX_AUDITED_RESOURCES = 1000;

/**
 * Writes the AuditEvent of one interaction, success or failure (DESIGN: an AuditEvent for
 * every interaction). It is stored like any resource, so it is searchable at /AuditEvent.
 */
export async function writeAuditEvent(
  context: EngineContext,
  request: FhirRequest,
  outcome: { result?: FhirResult; error?: unknown },
): Promise<void> {
  await appendAuditEvent(context, interactionAuditEvent(context, request, outcome));
}

/** The AuditEvent of one interaction (not yet stored). */
export function interactionAuditEvent(
  context: EngineContext,
  request: FhirRequest,
  outcome: { result?: FhirResult; error?: unknown },
): AuditEvent {
  const codes = AUDIT_CODES[request.interaction];
  const status =
    outcome.result?.status ?? (outcome.error instanceof OperationOutcomeError ? outcome.error.status : 500);
  const bundleType = (request.body as Bundle | undefined)?.type;
  return buildAuditEvent({
    subtype: request.interaction === 'batch' && bundleType === 'transaction' ? 'transaction' : codes.subtype,
    action: codes.action,
    recorded: context.now(),
    status,
    ...(outcome.error ? { failure: failureText(outcome.error) } : {}),
    actor: request.actor ?? { requestId: 'internal', access: UNRESTRICTED_ACCESS },
    resources: touchedResources(request, outcome.result).slice(0, MAX_AUDITED_RESOURCES),
    patients: patientsTouched(resourcesSeen(request, outcome.result), [
      ...patientsNamed(request),
      ...bundlePatients(request, outcome.result),
    ]).slice(0, MAX_AUDITED_RESOURCES),
    ...queryOf(request),
    observer: context.baseUrl,
  });
}

/** Appends one AuditEvent to the trail; resolves once it is durable (never fire-and-forget). */
export async function appendAuditEvent(context: EngineContext, event: AuditEvent): Promise<void> {
  await context.auditLog.write(auditEventWrite(context, event));
}

/** The create of an AuditEvent, for the trail or for the unit of work of the change it records. */
export function auditEventWrite(context: EngineContext, event: AuditEvent): ResourceWrite {
  return { record: buildVersion(event, context.newId(), '1', context), expectedVersionId: null };
}

/**
 * BALP's query entity: the search or history parameters as sent. A request without any has
 * none (an empty base64 `query` says nothing; the subtype says it was a search).
 */
function queryOf(request: FhirRequest): { query?: string } {
  if (!request.interaction.startsWith('search') && !request.interaction.startsWith('history')) return {};
  const query = new URLSearchParams(request.query).toString();
  return query === '' ? {} : { query };
}

function failureText(error: unknown): string {
  return error instanceof OperationOutcomeError ? error.message : 'internal error';
}

function touchedResources(request: FhirRequest, result: FhirResult | undefined): string[] {
  const resource = result?.resource;
  if (result?.affected) return result.affected;
  if (resource?.resourceType === 'Bundle') {
    return (resource.entry ?? []).flatMap((entry) => {
      const location =
        entry.response?.location ??
        (entry.resource?.id ? `${entry.resource.resourceType}/${entry.resource.id}` : undefined);
      return location ? [location.split('/_history/')[0] ?? location] : [];
    });
  }
  if (result?.location) return [result.location.split('/_history/')[0] ?? result.location];
  if (request.resourceType && request.id) return [`${request.resourceType}/${request.id}`];
  return [];
}

/** The resources read, written or returned (a Bundle's entries), and a write's own body. */
function resourcesSeen(request: FhirRequest, result: FhirResult | undefined): Resource[] {
  const seen: Resource[] = [];
  const body = request.body as Resource | undefined;
  if (body?.resourceType && body.resourceType !== 'Bundle' && body.resourceType !== 'Parameters') seen.push(body);
  const resource = result?.resource;
  if (resource?.resourceType === 'Bundle') {
    for (const entry of resource.entry ?? []) if (entry.resource) seen.push(entry.resource);
  } else if (resource) seen.push(resource);
  return seen;
}

/**
 * The patients a batch or transaction's entries touch (BALP: one patient entity per patient):
 * the subject/patient of each entry's resource — a reference to another entry (`urn:uuid:`) by
 * the location that entry got — an entry URL on a Patient, and each Patient the answer located.
 * Needed since a transaction's answer carries `entry.response` only (return=minimal).
 */
function bundlePatients(request: FhirRequest, result: FhirResult | undefined): string[] {
  const body = request.body as Bundle | undefined;
  if (body?.resourceType !== 'Bundle') return [];
  const answer = result?.resource?.resourceType === 'Bundle' ? (result.resource.entry ?? []) : [];
  // The body is as the client sent it, refused entries included (a non-object, a number for a url).
  const entries = (Array.isArray(body.entry) ? body.entry : []).filter(
    (entry): entry is BundleEntry => typeof entry === 'object' && entry !== null,
  );
  const located = new Map<string, string>();
  const named: string[] = [];
  for (const [i, entry] of entries.entries()) {
    const location = answer[i]?.response?.location?.split('/_history/')[0];
    if (location?.startsWith('Patient/')) named.push(location);
    if (typeof entry.fullUrl === 'string' && location) located.set(entry.fullUrl, location);
    const url = typeof entry.request?.url === 'string' ? entry.request.url.split('?')[0] : undefined;
    if (url?.startsWith('Patient/')) named.push(url);
  }
  for (const entry of entries) {
    for (const reference of patientReferences(entry.resource)) named.push(located.get(reference) ?? reference);
  }
  return named;
}

/** Patients a request names: its URL (`Patient/1`, `Patient/1/Observation`) and patient/subject parameters. */
function patientsNamed(request: FhirRequest): string[] {
  const named: string[] = [];
  if (request.resourceType === 'Patient' && request.id) named.push(`Patient/${request.id}`);
  for (const [name, value] of request.query) {
    const code = name.split(':')[0];
    if (code !== 'patient' && code !== 'subject') continue;
    // A bare id is a Patient for `patient`; `subject` may be a Group, so only a typed one counts.
    for (const item of value.split(','))
      named.push(item.includes('/') || code === 'subject' ? item : `Patient/${item}`);
  }
  return named;
}
