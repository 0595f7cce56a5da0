import { patientCompartmentTypes } from '@nexushealth/conformance';
import { reach } from '../auth/access.js';
import { OperationOutcomeError } from '../errors/outcome-error.js';
import type { ResourceRecord, StoreFilter } from '../store/port.js';
import { withoutSearchSet } from './bundle-links.js';
import type { EngineContext, InteractionHandler } from './engine-context.js';
import { localQueryRelative } from './local-references.js';
import { assertKnownType } from './resource-body.js';
import { searchBundle } from './search-bundle.js';
import { multiTypeSearchRun } from './search-types.js';

/**
 * Compartment search: GET [base]/Patient/[id]/[type]?params and GET [base]/Patient/[id]/*
 * (http://hl7.org/fhir/R4/http.html#search, compartmentdefinition.html). Membership is what each
 * record carries from write time (`compartments`, from the R4 Patient CompartmentDefinition),
 * so the search is one indexed condition beside the parameters. Only the Patient compartment is
 * served: the R4 definitions at hand define no other.
 */
export const searchCompartment: InteractionHandler = async (request, context) => {
  const compartment = assertKnownType(request.resourceType, context);
  if (compartment !== 'Patient') {
    throw OperationOutcomeError.of(
      'not-supported',
      `Only the Patient compartment is supported, not ${compartment}`,
      'compartment',
    );
  }
  const members = patientCompartmentTypes().filter((type) => context.validator.isResourceType(type));
  const searched = request.searchType ?? '*';
  const types = searched === '*' ? patientRecordTypes(context) : [assertKnownType(searched, context)];
  if (!members.includes(types[0] ?? '')) {
    throw OperationOutcomeError.of('invalid', `${searched} resources are not in the Patient compartment`, 'type');
  }
  assertCompartmentInReach(request.id ?? '', types, context);
  const params = localQueryRelative(withoutSearchSet(request.query), context.baseUrl);
  const place = {
    linkBase: `${context.baseUrl}/Patient/${request.id ?? ''}/${searched}`,
    filter: patientCompartmentFilter(request.id ?? ''),
  };
  const run = multiTypeSearchRun(params, types, context, place);
  if (searched !== '*') return searchBundle(request, context, run);
  return searchBundle(request, context, { ...run, keepIncluded: outsideCompartment(request.id ?? '', params) });
};

/**
 * The types of a whole-compartment page (`Patient/[id]/*`, and so $everything, whose next links
 * are such pages): the compartment's types without AuditEvent, which R4 puts in it too. Who saw
 * the patient is not the patient's record, only auditors may read it, and each such page would
 * find more of it; `Patient/[id]/AuditEvent` and `AuditEvent?patient=` still reach it.
 */
export function patientRecordTypes(context: EngineContext): string[] {
  return patientCompartmentTypes().filter((type) => type !== 'AuditEvent' && context.validator.isResourceType(type));
}

/**
 * Another patient's compartment is, to a caller confined to its own, as a Patient that does not
 * exist: 404 (http.html#read allows it; SMART patient-specific scopes), not an empty page.
 */
function assertCompartmentInReach(patientId: string, types: string[], context: EngineContext): void {
  const { access } = context;
  if (access === undefined || access.patient === patientId) return;
  if (types.some((type) => reach(access, type, 's') === 'compartment')) {
    throw OperationOutcomeError.of('not-found', `Patient/${patientId} is not known`, undefined, 404);
  }
}

/**
 * What a whole-compartment page (`Patient/[id]/*`, $everything) includes: only resources outside
 * the compartment (Practitioner, Organization, Medication…). Members are matches of their own
 * page, so including them as well would repeat them across pages and swell each page past
 * `_count`. With `_type`, only the listed types are returned at all, included ones too
 * (patient-operation-everything.html: `_type`, "resource types to include in the return").
 */
export function outsideCompartment(patientId: string, params: Array<[string, string]>): (r: ResourceRecord) => boolean {
  const member = `Patient/${patientId}`;
  const listed = params.filter(([name]) => name === '_type').map(([, value]) => value.split(','));
  return (record) =>
    !record.compartments.includes(member) && listed.every((types) => types.includes(record.resourceType));
}

/** Membership of a Patient compartment, as every record carries it from write time. */
export function patientCompartmentFilter(patientId: string): StoreFilter {
  return { compartments: `Patient/${patientId}` };
}
