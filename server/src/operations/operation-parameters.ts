import type {
  OperationDefinition,
  OperationDefinitionParameter,
  Parameters,
  ParametersParameter,
} from '@medplum/fhirtypes';
import { OperationOutcomeError } from '../errors/outcome-error.js';
import type { EngineContext } from '../interactions/engine-context.js';
import type { FhirRequest } from '../interactions/fhir-request.js';
import { assertValidResource } from '../interactions/resource-body.js';

/** Query parameters every interaction takes (http.html#parameters); they are no operation input. */
const GENERAL_PARAMETERS = new Set(['_format', '_pretty']);
const NUMBER_TYPES = new Set(['integer', 'positiveInt', 'unsignedInt', 'decimal']);

/**
 * The input Parameters of an operation call (operations.html#executing): from the query of a
 * GET (each value typed by the definition), or the Parameters body of a POST, or — where the
 * definition has a single resource input — a bare resource body, its other inputs in the
 * query. Checked against the definition: unknown names, missing required and repeated single
 * inputs are a 400.
 */
export function operationParameters(
  request: FhirRequest,
  definition: OperationDefinition,
  context: EngineContext,
): Parameters {
  const inputs = (definition.parameter ?? []).filter((p) => p.use === 'in');
  const parameters = request.body === undefined ? fromQuery(request.query, inputs) : fromBody(request, inputs, context);
  assertMatchesDefinition(parameters, inputs);
  assertTypes(parameters, inputs, (type) => context.validator.isResourceType(type));
  return parameters;
}

function fromQuery(query: FhirRequest['query'], inputs: OperationDefinitionParameter[]): Parameters {
  const parameter = query
    .filter(([name]) => !GENERAL_PARAMETERS.has(name))
    .map(([name, value]): ParametersParameter => {
      const type = inputs.find((input) => input.name === name)?.type;
      if (type === undefined || type === 'Resource' || /^[A-Z]/.test(type)) {
        throw OperationOutcomeError.of('invalid', `'${name}' is not an input this operation takes in a URL`, name);
      }
      return { ...typedValue(name, type, value), name };
    });
  return parameter.length > 0 ? { resourceType: 'Parameters', parameter } : { resourceType: 'Parameters' };
}

/** A query value as the `value[x]` of its declared primitive type (`valueInteger: 20`). */
function typedValue(name: string, type: string, value: string): Record<string, unknown> {
  const key = `value${type[0]?.toUpperCase() ?? ''}${type.slice(1)}`;
  if (NUMBER_TYPES.has(type)) {
    const number = Number(value);
    if (value.trim() === '' || !Number.isFinite(number)) {
      throw OperationOutcomeError.of('invalid', `'${name}' must be a number`, name);
    }
    return { [key]: number };
  }
  if (type === 'boolean') {
    if (value !== 'true' && value !== 'false')
      throw OperationOutcomeError.of('invalid', `'${name}' must be true or false`, name);
    return { valueBoolean: value === 'true' };
  }
  return { [key]: value };
}

function fromBody(request: FhirRequest, inputs: OperationDefinitionParameter[], context: EngineContext): Parameters {
  const { body } = request;
  const resource = body as { resourceType?: unknown } | null;
  if (typeof resource !== 'object' || resource === null || typeof resource.resourceType !== 'string') {
    throw OperationOutcomeError.of('structure', 'An operation takes a Parameters resource as its body', 'Parameters');
  }
  if (resource.resourceType !== 'Parameters') {
    const [only, ...more] = inputs.filter((input) => input.type === 'Resource');
    if (only !== undefined && more.length === 0) {
      const carried: ParametersParameter = { name: only.name ?? '', resource: body as never };
      return {
        resourceType: 'Parameters',
        parameter: [carried, ...(fromQuery(request.query, inputs).parameter ?? [])],
      };
    }
    throw OperationOutcomeError.of('invalid', 'This operation takes a Parameters resource', 'Parameters.resourceType');
  }
  assertValidResource(withoutCarriedResources(body as Parameters), 'Parameters', context);
  // Inputs in the URL of a POST count too (none is dropped unseen); one given in both places repeats.
  const parameter = [...((body as Parameters).parameter ?? []), ...(fromQuery(request.query, inputs).parameter ?? [])];
  return parameter.length > 0
    ? { ...(body as Parameters), parameter: parameter.map(asDeclared(inputs)) }
    : (body as Parameters);
}

/**
 * R4 declares some inputs `uri` that clients, reading them as canonicals (R4's own type for
 * profile urls), send as `valueCanonical` ($validate's `profile`): accepted as the `valueUri` it is.
 */
function asDeclared(inputs: OperationDefinitionParameter[]): (p: ParametersParameter) => ParametersParameter {
  return (p) => {
    const declared = inputs.find((input) => input.name === p.name)?.type;
    if (declared !== 'uri' || p.valueCanonical === undefined || p.valueUri !== undefined) return p;
    const { valueCanonical, ...rest } = p;
    return { ...rest, valueUri: valueCanonical };
  };
}

/**
 * Each input carries the value of its declared type (`valueUri` for a uri, `resource` for a
 * resource): one of another type is a 400, never silently ignored (operations.html#executing).
 */
function assertTypes(
  parameters: Parameters,
  inputs: OperationDefinitionParameter[],
  isResourceType: (type: string) => boolean,
): void {
  (parameters.parameter ?? []).forEach((p, i) => {
    const type = inputs.find((input) => input.name === p.name)?.type;
    if (type === undefined) return;
    const key =
      type === 'Resource' || isResourceType(type) ? 'resource' : `value${type[0]?.toUpperCase() ?? ''}${type.slice(1)}`;
    if (key in p) return;
    throw OperationOutcomeError.of(
      'invalid',
      `The parameter '${p.name}' takes a ${type} (${key})`,
      `Parameters.parameter[${i}]`,
    );
  });
}

/**
 * The resources a Parameters carries are the operation's to judge ($validate answers an
 * invalid one with 200 and its issues), so the framework checks the Parameters around them:
 * each is replaced by a placeholder value, which keeps the indices of the issue paths.
 */
function withoutCarriedResources(parameters: Parameters): Parameters {
  if (!Array.isArray(parameters.parameter)) return parameters;
  const parameter = parameters.parameter.map((p): ParametersParameter => {
    const carried: unknown = typeof p === 'object' && p !== null ? p.resource : undefined;
    if (typeof carried !== 'object' || carried === null || Array.isArray(carried)) return p;
    const { resource: _judgedByTheOperation, ...rest } = p;
    return { ...rest, valueString: 'resource' };
  });
  return { ...parameters, parameter };
}

function assertMatchesDefinition(parameters: Parameters, inputs: OperationDefinitionParameter[]): void {
  const given = parameters.parameter ?? [];
  given.forEach((p, i) => {
    if (!inputs.some((input) => input.name === p.name)) {
      throw OperationOutcomeError.of(
        'invalid',
        `This operation takes no parameter '${p.name}'`,
        `Parameters.parameter[${i}]`,
      );
    }
  });
  for (const input of inputs) {
    const count = given.filter((p) => p.name === input.name).length;
    if (count < (input.min ?? 0)) {
      throw OperationOutcomeError.of(
        'required',
        `The parameter '${input.name ?? ''}' is required`,
        'Parameters.parameter',
      );
    }
    if (input.max !== '*' && count > Number(input.max ?? '1')) {
      throw OperationOutcomeError.of(
        'invalid',
        `The parameter '${input.name ?? ''}' may not repeat`,
        'Parameters.parameter',
      );
    }
  }
}
