import type {
  OperationOutcome,
  OperationOutcomeIssue,
  Parameters,
  ParametersParameter,
  Resource,
} from '@medplum/fhirtypes';
import { r4OperationDefinition } from '@nexushealth/conformance';
import { OperationOutcomeError } from '../../errors/outcome-error.js';
import type { EngineContext } from '../../interactions/engine-context.js';
import type { FhirRequest } from '../../interactions/fhir-request.js';
import { resourceIssues } from '../../interactions/resource-body.js';
import type { ServerOperation } from '../server-operation.js';
import { deleteIssues, modeIssues, type ValidationMode } from './validation-mode.js';
import { versionRecord } from '../meta/meta.js';

const MODES: readonly string[] = ['create', 'update', 'delete'];

/**
 * $validate (http://hl7.org/fhir/R4/resource-operation-validate.html) at type and instance
 * level: the resource (a `resource` parameter or the bare body; at instance level without one,
 * the stored current version) judged as writes judge it, at the `profiles` level whatever
 * VALIDATION says — plus the nominated `profile` — and, by `mode`, as a create, an update of
 * this instance or its delete would be. 200 with the OperationOutcome, invalid or not ("All
 * OK" when nothing is found); 4xx only when the validation itself cannot run: no resource, a
 * resource of another type than the URL's, an unknown profile or mode.
 */
export const validateOperation: ServerOperation = {
  code: 'validate',
  get definition() {
    return r4OperationDefinition('Resource-validate');
  },
  affectsState: false,
  // Judging content reveals no data, but an instance's stored version is read: `r` either way.
  access: { onType: ['r'] },
  handler: async (request, parameters, context) => {
    const mode = modeOf(parameters, request);
    const profile = input(parameters, 'profile')?.valueUri;
    if (profile !== undefined && context.validator.profileType(profile) === undefined) {
      // "If a profile is nominated, and the server cannot validate against [it], it SHALL return an error."
      throw OperationOutcomeError.of(
        'not-found',
        'No StructureDefinition of this profile is known here',
        'profile',
        400,
      );
    }
    const issues =
      mode === 'delete'
        ? await deleteIssues(request, context)
        : await contentIssues(request, parameters, context, mode, profile);
    return { status: 200, resource: outcomeOf(issues) };
  },
};

async function contentIssues(
  request: FhirRequest,
  parameters: Parameters,
  context: EngineContext,
  mode: ValidationMode | undefined,
  profile: string | undefined,
): Promise<OperationOutcomeIssue[]> {
  const type = request.resourceType ?? '';
  const resource: Resource | undefined =
    input(parameters, 'resource')?.resource ?? (await stored(request, mode, context));
  if (resource === undefined) {
    throw OperationOutcomeError.of(
      'required',
      `$validate${mode ? ` in mode ${mode}` : ''} needs a resource`,
      'resource',
    );
  }
  const issues = resourceIssues(resource, type, context, { level: 'profiles', profiles: profile ? [profile] : [] });
  return [...issues, ...modeIssues(mode, resource, request, context)];
}

/** Without a resource, an instance-level $validate (no mode) judges the stored current version. */
async function stored(
  request: FhirRequest,
  mode: ValidationMode | undefined,
  context: EngineContext,
): Promise<Resource | undefined> {
  if (mode !== undefined || request.id === undefined) return undefined;
  return (await versionRecord(request, context)).resource;
}

function modeOf(parameters: Parameters, request: FhirRequest): ValidationMode | undefined {
  const mode = input(parameters, 'mode')?.valueCode;
  if (mode === undefined) return undefined;
  if (!MODES.includes(mode)) throw OperationOutcomeError.of('value', 'mode must be create, update or delete', 'mode');
  if (mode !== 'create' && request.id === undefined) {
    // "Modes update and delete can only be used when the operation is invoked at the resource instance level."
    throw OperationOutcomeError.of('not-supported', `mode ${mode} needs an instance: [type]/[id]/$validate`, 'mode');
  }
  return mode as ValidationMode;
}

function input(parameters: Parameters, name: string): ParametersParameter | undefined {
  return parameters.parameter?.find((p) => p.name === name);
}

/** The answer: every issue found, or one `information` "All OK" (operationoutcome.html). */
function outcomeOf(issues: OperationOutcomeIssue[]): OperationOutcome {
  return {
    resourceType: 'OperationOutcome',
    issue: issues.length > 0 ? issues : [{ severity: 'information', code: 'informational', diagnostics: 'All OK' }],
  };
}
