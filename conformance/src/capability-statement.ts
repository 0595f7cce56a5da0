import type {
  CapabilityStatement,
  CapabilityStatementRestInteraction,
  CapabilityStatementRestResource,
  CapabilityStatementRestResourceInteraction,
  CapabilityStatementRestSecurity,
  ResourceType,
} from '@medplum/fhirtypes';
import { R4_RESOURCE_TYPES } from './r4-resource-types.js';
import type { SearchParameterDefinition } from './search-parameter-definition.js';

export interface CapabilityResourceOptions {
  type: string;
  interactions: string[];
  searchParams: SearchParameterDefinition[];
  versioning?: string;
  conditionalCreate?: boolean;
  conditionalUpdate?: boolean;
  conditionalDelete?: string;
  conditionalRead?: string;
  readHistory?: boolean;
  updateCreate?: boolean;
  searchInclude?: string[];
  searchRevInclude?: string[];
  /** Operations on this type, at type or instance level (rest.resource.operation). */
  operations?: Array<{ name: string; definition: string }>;
  /** Profiles the server validates this type's resources against (rest.resource.supportedProfile). */
  supportedProfiles?: string[];
  /** rest.resource.documentation: the server's rules for this type where R4 has no element. */
  documentation?: string;
}

export interface CapabilityStatementOptions {
  baseUrl: string;
  software: { name: string; version: string };
  resources: CapabilityResourceOptions[];
  systemInteractions: string[];
  /** Canonical URLs of the CompartmentDefinitions the server searches by (rest.compartment). */
  compartments?: string[];
  /** rest.documentation: what the server's choices are where R4 has no element for them. */
  documentation?: string;
  formats: string[];
  /** Media types accepted as PATCH bodies (CapabilityStatement.patchFormat). */
  patchFormats?: string[];
  operations?: Array<{ name: string; definition: string }>;
  /** rest.security as the server declares it (SMART on FHIR service and oauth-uris, or why there is none). */
  security?: CapabilityStatementRestSecurity;
}

type ResourceInteractionCode = CapabilityStatementRestResourceInteraction['code'];
type SystemInteractionCode = CapabilityStatementRestInteraction['code'];
type Versioning = NonNullable<CapabilityStatementRestResource['versioning']>;
type ConditionalDelete = NonNullable<CapabilityStatementRestResource['conditionalDelete']>;
type ConditionalRead = NonNullable<CapabilityStatementRestResource['conditionalRead']>;

// Value sets bound in http://hl7.org/fhir/R4/capabilitystatement.html#resource (all required).
const RESOURCE_INTERACTIONS: readonly ResourceInteractionCode[] = [
  'read',
  'vread',
  'update',
  'patch',
  'delete',
  'history-instance',
  'history-type',
  'create',
  'search-type',
];
const SYSTEM_INTERACTIONS: readonly SystemInteractionCode[] = [
  'transaction',
  'batch',
  'search-system',
  'history-system',
];
const VERSIONING: readonly Versioning[] = ['no-version', 'versioned', 'versioned-update'];
const CONDITIONAL_DELETE: readonly ConditionalDelete[] = ['not-supported', 'single', 'multiple'];
const CONDITIONAL_READ: readonly ConditionalRead[] = ['not-supported', 'modified-since', 'not-match', 'full-support'];

/** Narrows a declared code to its required value set; a wrong code is a programming error. */
function oneOf<T extends string>(allowed: readonly T[], value: string, what: string): T {
  const found = allowed.find((a) => a === value);
  if (found === undefined) throw new TypeError(`CapabilityStatement: "${value}" is not a valid ${what}`);
  return found;
}

function restResource(r: CapabilityResourceOptions): CapabilityStatementRestResource {
  const resource: CapabilityStatementRestResource = {
    type: oneOf(R4_RESOURCE_TYPES as readonly ResourceType[], r.type, 'resource type'),
    interaction: r.interactions.map((code) => ({ code: oneOf(RESOURCE_INTERACTIONS, code, 'resource interaction') })),
    searchParam: r.searchParams.map((p) => ({
      name: p.code,
      definition: p.url,
      type: p.type,
      documentation: p.description ?? `${p.type} search on ${p.expression ?? p.code}`,
    })),
  };
  if (r.versioning !== undefined) resource.versioning = oneOf(VERSIONING, r.versioning, 'versioning');
  if (r.conditionalCreate !== undefined) resource.conditionalCreate = r.conditionalCreate;
  if (r.conditionalUpdate !== undefined) resource.conditionalUpdate = r.conditionalUpdate;
  if (r.conditionalDelete !== undefined) {
    resource.conditionalDelete = oneOf(CONDITIONAL_DELETE, r.conditionalDelete, 'conditionalDelete');
  }
  if (r.conditionalRead !== undefined) {
    resource.conditionalRead = oneOf(CONDITIONAL_READ, r.conditionalRead, 'conditionalRead');
  }
  if (r.readHistory !== undefined) resource.readHistory = r.readHistory;
  if (r.updateCreate !== undefined) resource.updateCreate = r.updateCreate;
  if (r.searchInclude !== undefined) resource.searchInclude = r.searchInclude;
  if (r.searchRevInclude !== undefined) resource.searchRevInclude = r.searchRevInclude;
  if (r.supportedProfiles?.length) resource.supportedProfile = r.supportedProfiles;
  if (r.operations?.length) resource.operation = r.operations.map(({ name, definition }) => ({ name, definition }));
  if (r.documentation !== undefined) resource.documentation = r.documentation;
  return resource;
}

/**
 * The server's CapabilityStatement (http://hl7.org/fhir/R4/capabilitystatement.html), an
 * `instance` statement built from what the server actually registered, so it never claims more.
 */
export function buildCapabilityStatement(options: CapabilityStatementOptions): CapabilityStatement {
  const statement: CapabilityStatement = {
    resourceType: 'CapabilityStatement',
    status: 'active',
    date: new Date().toISOString(),
    kind: 'instance',
    software: { name: options.software.name, version: options.software.version },
    implementation: { description: `${options.software.name} at ${options.baseUrl}`, url: options.baseUrl },
    fhirVersion: '4.0.1',
    format: options.formats,
    ...(options.patchFormats ? { patchFormat: options.patchFormats } : {}),
    rest: [
      {
        mode: 'server',
        resource: options.resources.map(restResource),
        interaction: options.systemInteractions.map((code) => ({
          code: oneOf(SYSTEM_INTERACTIONS, code, 'system interaction'),
        })),
      },
    ],
  };
  const [rest] = statement.rest ?? [];
  if (rest && options.operations)
    rest.operation = options.operations.map((o) => ({ name: o.name, definition: o.definition }));
  if (rest && options.compartments?.length) rest.compartment = options.compartments;
  if (rest && options.documentation !== undefined) rest.documentation = options.documentation;
  if (rest && options.security) rest.security = options.security;
  return statement;
}
