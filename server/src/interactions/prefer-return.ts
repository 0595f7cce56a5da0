import type { OperationOutcome, Resource } from '@medplum/fhirtypes';
import type { FhirResult, InteractionName } from './fhir-request.js';
import { isWrite } from './write-interactions.js';

export type ReturnPreference = 'minimal' | 'representation' | 'OperationOutcome';

/** `Prefer: return=…` (http.html#ops), or undefined when the request states none. */
export function returnPreference(prefer: string | undefined): ReturnPreference | undefined {
  const wanted = /return\s*=\s*"?(minimal|representation|OperationOutcome)/i.exec(prefer ?? '')?.[1]?.toLowerCase();
  if (wanted === 'operationoutcome') return 'OperationOutcome';
  return wanted as ReturnPreference | undefined;
}

/**
 * The body a result is answered with: a write's as `Prefer: return=` asks (http.html#ops) —
 * the resource, nothing, or an informational OperationOutcome with the warnings of its
 * validation — or `fallback` when it asks
 * nothing (HTTP answers the resource, a Bundle entry nothing); reads, searches, batches and
 * operations always answer their resource, which is what was asked for.
 */
export function preferredBody(
  interaction: InteractionName,
  result: FhirResult,
  prefer: string | undefined,
  fallback: ReturnPreference,
): Resource | undefined {
  if (!isWrite(interaction)) return result.resource;
  const wanted = returnPreference(prefer) ?? fallback;
  if (wanted === 'representation') return result.resource;
  if (wanted === 'minimal') return undefined;
  const outcome: OperationOutcome = {
    resourceType: 'OperationOutcome',
    issue: [
      { severity: 'information', code: 'informational', diagnostics: `${interaction} succeeded (${result.status})` },
      ...(result.issues ?? []),
    ],
  };
  return outcome;
}
