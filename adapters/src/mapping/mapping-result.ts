import type { Bundle } from '@medplum/fhirtypes';
import type { Hl7Issue } from './hl7-issue.js';

/** A message mapped: the transaction Bundle to apply, and warnings for the ACK (ERR severity W). */
export interface MappingResult {
  readonly bundle: Bundle;
  readonly warnings: readonly Hl7Issue[];
  /**
   * For messages that arrive after a newer one about the same patient was applied (an A01 behind its
   * A08): per entry fullUrl, the top-level elements this message is still the authority for (an A01
   * sets `Encounter.status` and `period` whatever came before it). The pipeline then writes only those
   * elements onto the stored resource and leaves the rest, which is newer; entries not listed become
   * create-only (`ifNoneExist`). Absent: every entry is plain content.
   */
  readonly stateElements?: Readonly<Record<string, readonly string[]>>;
}
