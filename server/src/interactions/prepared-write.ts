import type { ResourceWrite } from '../store/port.js';
import type { FhirResult } from './fhir-request.js';

/**
 * A write that has been validated and built but not yet committed: a single request commits
 * it alone, a transaction commits all of its entries' writes as one unit.
 */
export interface PreparedWrite {
  /** Undefined when nothing needs to be written (e.g. a conditional create that matched). */
  write?: ResourceWrite;
  result: FhirResult;
}
