import type { Logger } from '../interactions/engine-context.js';
import type { ExtractedIndex } from './extract-index.js';

/** Logs the runtime SearchParameters that failed on a resource: their url and the resource's type/id, no values (no PHI). */
export function warnFailedParameters(
  logger: Logger,
  { failed }: ExtractedIndex,
  resource: { resourceType: string; id?: string | undefined },
): void {
  for (const url of failed) {
    logger.warn('search parameter not evaluated', { url, resourceType: resource.resourceType, id: resource.id });
  }
}
