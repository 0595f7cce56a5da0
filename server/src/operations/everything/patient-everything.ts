import type { Parameters } from '@medplum/fhirtypes';
import { r4OperationDefinition } from '@nexushealth/conformance';
import { OperationOutcomeError } from '../../errors/outcome-error.js';
import { searchBundle } from '../../interactions/search-bundle.js';
import {
  outsideCompartment,
  patientCompartmentFilter,
  patientRecordTypes,
} from '../../interactions/search-compartment.js';
import { multiTypeSearchRun } from '../../interactions/search-types.js';
import type { ServerOperation } from '../server-operation.js';

/**
 * $everything on one Patient (http://hl7.org/fhir/R4/patient-operation-everything.html): the
 * Patient compartment — the patient included — with what its resources refer to (as `include`
 * entries of each page), paged like any search, over one search set (stable pages, next links
 * continue as `Patient/[id]/*` pages of the same set). `_since`, `_type`, `_count` and `_offset`
 * apply; `start`/`end` (the "care date", which R4 leaves to each type) are refused as not
 * supported rather than ignored. Only at instance level: all patients at once is not offered.
 * Its types are those of a whole-compartment page: AuditEvents left out (`patientRecordTypes`).
 */
export const patientEverythingOperation: ServerOperation = {
  code: 'everything',
  get definition() {
    return r4OperationDefinition('Patient-everything');
  },
  affectsState: false,
  // Reads the Patient; which compartment members the caller sees is the search's confinement.
  access: { onType: ['r'] },
  handler: async (request, parameters, context) => {
    const id = request.id;
    if (id === undefined) throw OperationOutcomeError.of('not-supported', '$everything runs on one Patient only');
    const patient = await context.store.read('Patient', id);
    if (patient === undefined) throw OperationOutcomeError.of('not-found', `Patient/${id} is not known`);
    if (patient.deleted) throw OperationOutcomeError.of('deleted', `Patient/${id} is deleted`);
    const members = patientRecordTypes(context);
    const params = searchParams(parameters);
    const run = multiTypeSearchRun(params, members, context, {
      linkBase: `${context.baseUrl}/Patient/${id}/*`,
      filter: patientCompartmentFilter(id),
    });
    return searchBundle(request, context, { ...run, keepIncluded: outsideCompartment(id, params) });
  },
};

/** The operation's inputs as the compartment search they mean. */
function searchParams(parameters: Parameters): Array<[string, string]> {
  const params: Array<[string, string]> = [['_include', '*']];
  for (const p of parameters.parameter ?? []) {
    switch (p.name) {
      case 'start':
      case 'end':
        throw OperationOutcomeError.of('not-supported', `$everything does not support '${p.name}'`, p.name);
      case '_since':
        params.push(['_lastUpdated', `gt${p.valueInstant ?? ''}`]);
        break;
      case '_type':
        params.push(['_type', p.valueCode ?? '']);
        break;
      case '_count':
      case '_offset':
        params.push([p.name, String(p.valueInteger ?? '')]);
        break;
    }
  }
  return params;
}
