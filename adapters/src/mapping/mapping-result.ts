import type { Bundle } from '@medplum/fhirtypes';
import type { Hl7Issue } from './hl7-issue.js';

/** A message mapped: the transaction Bundle to apply, and warnings for the ACK (ERR severity W). */
export interface MappingResult {
  readonly bundle: Bundle;
  readonly warnings: readonly Hl7Issue[];
}
