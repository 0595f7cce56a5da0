import { compareVersions, splitCanonical } from './canonical.js';

/** What every conformance resource has: a canonical url and an optional business version. */
export interface CanonicalResource {
  readonly url?: string | undefined;
  readonly version?: string | undefined;
}

/**
 * Conformance resources by canonical url, every version of a url kept
 * (http://hl7.org/fhir/R4/references.html#canonical). Adding a url+version that is already there
 * replaces it (an update of that resource).
 */
export class CanonicalIndex<T extends CanonicalResource> {
  private readonly byUrl = new Map<string, T[]>();

  /** `url|version` exactly, or the newest version of `url`. */
  get(canonical: string): T | undefined {
    const { url, version } = splitCanonical(canonical);
    const versions = this.byUrl.get(url);
    if (!versions) return undefined;
    if (version !== undefined) return versions.find((r) => r.version === version);
    return newest(versions);
  }

  has(url: string): boolean {
    return this.byUrl.has(url);
  }

  set(resource: T & { readonly url: string }): void {
    const others = (this.byUrl.get(resource.url) ?? []).filter((r) => r.version !== resource.version);
    this.byUrl.set(resource.url, [...others, resource]);
  }

  /** Removes this very resource (not another of its url and version); true when it was there. */
  deleteResource(resource: T & { readonly url: string }): boolean {
    const versions = this.byUrl.get(resource.url) ?? [];
    const kept = versions.filter((r) => r !== resource);
    if (kept.length === versions.length) return false;
    if (kept.length === 0) this.byUrl.delete(resource.url);
    else this.byUrl.set(resource.url, kept);
    return true;
  }

  values(): IterableIterator<T[]> {
    return this.byUrl.values();
  }
}

/** The newest version; among equal versions the one added last. */
function newest<T extends CanonicalResource>(resources: readonly T[]): T | undefined {
  let best: T | undefined;
  for (const resource of resources) {
    if (!best || compareVersions(resource.version, best.version) >= 0) best = resource;
  }
  return best;
}
