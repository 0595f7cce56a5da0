/**
 * The server's choices in confining what passes the scope gate (auth/confined-store.ts,
 * auth/visibility.ts), for the CapabilityStatement's `rest.documentation`
 * (https://build.fhir.org/ig/HL7/smart-app-launch/scopes-and-launch-context.html#patient-specific-scopes
 * leaves them to the server).
 */
export const CONFINEMENT_DOCUMENTATION = [
  'patient/ scopes reach only the launch patient’s compartment (the R4 Patient CompartmentDefinition,',
  'membership computed when a resource is written): of the Patient type only the launch patient itself;',
  'types in no patient compartment (Practitioner, Organization, Location, Medication…) not at all — a',
  'user/ scope reaches those. Outside it, read, vread, history and $everything answer 404 as for a',
  'missing id; searches, _total and _summary=count see and count only the compartment; _include,',
  '_revinclude and :iterate add only what the caller may read; a chain or _has through a type the caller',
  'may not search is 403 (an untyped chain needs every target type), else it searches inside the',
  'compartment too; system search and history cover only the types granted (_type naming another is',
  '403), and when any of them is confined, all of them are; a write must find and leave its resource',
  'inside the compartment (404 before, 403 after), so an update-as-create of an id that exists outside',
  'it is 404. A patient/ write (update, patch, delete, their conditional variants, in Bundles too) may',
  'change only what is in the launch patient’s compartment alone, before and after: a resource also in',
  'another patient’s compartment (e.g. Observation.performer = the launch patient, subject another) is',
  '403 (404 when the caller may not read it), never changed, deleted nor moved out of that compartment.',
  'Search result pages are bound to the client and patient that made them. v2 restricted',
  'scopes (patient/Observation.rs?category=laboratory) grant nothing here (fail closed: 403); ask for the',
  'unrestricted scope.',
].join(' ');
