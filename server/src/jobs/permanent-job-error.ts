/**
 * Thrown by a job handler when trying again cannot help (a message that will never map, a
 * resource the server rejects as invalid): the job fails at once instead of using its attempts.
 */
export class PermanentJobError extends Error {
  override name = 'PermanentJobError';
}
