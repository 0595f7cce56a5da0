import { OperationOutcomeError } from '../errors/outcome-error.js';
import type { OperationOutcomeIssue } from '@medplum/fhirtypes';
import type { ResourceRecord } from '../store/port.js';
import type { FhirResult } from './fhir-request.js';

/** 200 with the resource, 404 when it never existed, 410 when its current version is a delete. */
export function recordResult(record: ResourceRecord | undefined, what: string): FhirResult {
  if (!record) throw OperationOutcomeError.of('not-found', `${what} is not known`, undefined, 404);
  if (record.deleted) throw OperationOutcomeError.of('deleted', `${what} has been deleted`, undefined, 410);
  return versionResult(200, record);
}

/** The result with a write's validation warnings, if it has any (`Prefer: return=OperationOutcome`). */
export function withIssues(result: FhirResult, issues: readonly OperationOutcomeIssue[]): FhirResult {
  return issues.length > 0 ? { ...result, issues: [...(result.issues ?? []), ...issues] } : result;
}

/** A result that carries a stored version's body, ETag, Last-Modified and Location. */
export function versionResult(status: number, record: ResourceRecord): FhirResult {
  const result: FhirResult = {
    status,
    location: `${record.resourceType}/${record.id}/_history/${record.versionId}`,
    versionId: record.versionId,
    lastUpdated: record.lastUpdated,
  };
  if (record.resource) result.resource = record.resource;
  return result;
}
