/** Why an expansion or a subsumption cannot be answered here (search reports it as not-supported). */
export class TerminologyError extends Error {
  override readonly name = 'TerminologyError';
}
