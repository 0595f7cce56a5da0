import type { OperationAccess, ServerOperation } from '../operations/server-operation.js';

/**
 * The server's choices in enforcing SMART scopes (interactions/authorize.ts), for the
 * CapabilityStatement's `rest.documentation`; what each operation needs is read from its own
 * declaration, so the text cannot drift from the gate.
 */
export function authorizationDocumentation(operations: readonly ServerOperation[]): string {
  return [
    'SMART scopes v1 and v2 (https://build.fhir.org/ig/HL7/smart-app-launch/scopes-and-launch-context.html)',
    'are enforced for every interaction, Bundle entries included: r read, vread and instance history; s',
    'type and system search and history (history of a type or the system is a search-like read: it needs s,',
    'and lists only what s reaches; a system-level one needs s on some type, and answers only the',
    'types reached); c create; u update (an update that creates needs u only); r and u patch (it reads',
    'the stored version and answers the result); d delete.',
    'Conditional create, update, patch and delete also need s (the condition is a search), and so does',
    'the type of a conditional reference (Patient?identifier=…) in a body. v1 read means rs, write cud.',
    'A scope set with one malformed or unknown-type resource scope grants nothing; a v2 scope with a',
    'restriction (?param=value) grants nothing yet (fail closed). A type',
    'or interaction the scopes do not grant is 403 forbidden; one denied entry fails a whole transaction,',
    'a batch answers it in that entry. AuditEvent read, search, history and create (conditional and in',
    'Bundles too) need the auditor or admin role and no patient context; writes of SearchParameter, StructureDefinition, ValueSet, CodeSystem and',
    `ImplementationGuide need the admin role. A role adds to the scopes, never replaces them. Operations: ${operations.map(operationNeeds).join('; ')}.`,
  ].join(' ');
}

function operationNeeds({ code, access }: { code: string; access: OperationAccess }): string {
  const needs = [
    ...(access.onType?.length ? [`${access.onType.join('')} on its type`] : []),
    ...Object.entries(access.types ?? {}).map(([type, permissions]) => `${permissions.join('')} on ${type}`),
    ...(access.roles?.length ? [`the role ${access.roles.join(' or ')}`] : []),
  ];
  return `$${code} ${needs.length ? needs.join(' and ') : 'an authenticated caller'}`;
}
