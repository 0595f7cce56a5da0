import { MAX_CONDITIONAL_DELETES } from './conditional-delete.js';

/** The server's choices in the REST interactions, for the CapabilityStatement's `rest.documentation`. */
export const REST_DOCUMENTATION = [
  'PATCH (http://hl7.org/fhir/R4/http.html#patch) takes JSON Patch (application/json-patch+json; in a',
  'Bundle a Binary of that contentType) or FHIRPath Patch (a Parameters resource): a malformed patch is',
  '400, one that does not apply (a failing test, a path naming nothing) 422; the result is validated as',
  `an update and may not change id or resourceType. Conditional delete removes every match, up to`,
  `${MAX_CONDITIONAL_DELETES} in one unit (more is 412, none 204; one at most inside a transaction).`,
  'Conditional reads honour If-None-Match (weak, or *) before If-Modified-Since (304). PUT, PATCH and',
  'DELETE honour If-Match (one of its ETags must be the current version) and If-None-Match (* or the',
  'current version refuses), else 412; a malformed ETag is 400. JSON Patch paths through __proto__,',
  'constructor or prototype are 400. Conditions (If-None-Exist, conditional writes) take chains and _has.',
  'Prefer return= applies to writes: HTTP answers the resource by default, Bundle entries nothing;',
  'return=OperationOutcome turns a delete into 200. $meta-add/$meta-delete change meta in place (no new',
  'version), also on a historical version; $meta is served on instances and versions only. History',
  "_at is served on one resource (versions current during the value's implicit range), not on a type",
  'or the system (400). History pages are stable while others write: the first page fixes _until (its',
  'newest lastUpdated), carried in next/previous, so later versions never shift a page. Request bodies may be Content-Encoding gzip or deflate (the body limit counts',
  'decoded bytes); any other coding is 415. Patient/[id]/* and $everything leave out AuditEvents (in',
  'the R4 Patient compartment, but the trail of who saw the record, not the record):',
  'Patient/[id]/AuditEvent and AuditEvent?patient= reach them, for auditors.',
].join(' ');
