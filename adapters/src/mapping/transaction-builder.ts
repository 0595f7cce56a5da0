import { isDeepStrictEqual } from 'node:util';
import type { BundleEntry, Parameters, Resource } from '@medplum/fhirtypes';
import { identifierConditionalUrl, identifiersConditionalUrl, type IdentifierKey } from './conditional-url.js';
import type { MappingContext } from './mapping-context.js';
import type { MappingResult } from './mapping-result.js';

/**
 * Collects the entries of one message's transaction Bundle, each idempotent (message-mapper.ts):
 * `put` is a conditional update (`PUT Type?identifier=…`, http.html#cond-update), `createIfMissing` a
 * conditional create (`POST` with `ifNoneExist`, http.html#ccreate). A second entry under the same
 * condition (the attending doctor who is also the admitting one, two IN1 of one insurer) is folded into
 * the first: the server refuses two entries that change one resource (bundle.html#trules), and both
 * references then point at the same `urn:uuid:` fullUrl. A repeat with other content (two DG1 of one code
 * and visit with different ranks) keeps the first and warns.
 */
export class TransactionBuilder {
  private readonly entries: BundleEntry[] = [];
  private readonly byCondition = new Map<string, { fullUrl: string; resource: Resource }>();
  private readonly state: Record<string, readonly string[]> = {};

  constructor(private readonly ctx: MappingContext) {}

  /** A conditional update keyed on `key`; returns the entry's fullUrl. */
  put(resource: Resource, key: IdentifierKey): string {
    const url = identifierConditionalUrl(resource.resourceType, key);
    return this.add(url, resource, { method: 'PUT', url });
  }

  /**
   * A conditional update matching any of `keys` (`identifier=a,b`); returns the entry's fullUrl.
   * `narrowing` as for {@link createIfMissing}.
   */
  putAny(resource: Resource, keys: readonly IdentifierKey[], narrowing = ''): string {
    const url = identifiersConditionalUrl(resource.resourceType, keys) + narrowing;
    return this.add(url, resource, { method: 'PUT', url });
  }

  /**
   * A conditional patch (`PATCH Type?identifier=…` with a FHIRPath Patch, http.html#patch) of a resource
   * that must exist: a change the message states about a record it does not restate (an MDM T11 cancels a
   * document without resending it). No match is a 404, an AE. Returns the entry's fullUrl.
   */
  patch(resourceType: Resource['resourceType'], key: IdentifierKey, patch: Parameters): string {
    const url = identifierConditionalUrl(resourceType, key);
    return this.add(url, patch, { method: 'PATCH', url });
  }

  /**
   * A conditional create keyed on `key` (an existing match is left as it is); returns the fullUrl.
   * `narrowing` (a `chainedIdentifierCriterion`) adds criteria the match must also meet.
   */
  createIfMissing(resource: Resource, key: IdentifierKey, narrowing = ''): string {
    const url = identifierConditionalUrl(resource.resourceType, key) + narrowing;
    const ifNoneExist = url.slice(resource.resourceType.length + 1);
    return this.add(url, resource, { method: 'POST', url: resource.resourceType, ifNoneExist });
  }

  /** The top-level elements this message is authoritative for on that entry (MappingResult.stateElements). */
  authoritative(fullUrl: string, elements: readonly string[]): void {
    if (elements.length > 0) this.state[fullUrl] = elements;
  }

  build(): MappingResult {
    return {
      bundle: { resourceType: 'Bundle', type: 'transaction', entry: this.entries },
      warnings: this.ctx.warnings,
      ...(Object.keys(this.state).length === 0 ? {} : { stateElements: this.state }),
    };
  }

  private add(condition: string, resource: Resource, request: BundleEntry['request']): string {
    const known = this.byCondition.get(condition);
    if (known !== undefined) {
      if (!isDeepStrictEqual(known.resource, resource)) {
        // Named by resource type only: the condition carries identifier values (no PHI in warnings).
        this.ctx.warn(resource.resourceType, 'repeated under the same key with other content; the first is kept');
      }
      return known.fullUrl;
    }
    const fullUrl = `urn:uuid:${this.ctx.newUuid()}`;
    this.byCondition.set(condition, { fullUrl, resource });
    this.entries.push({ fullUrl, resource, request });
    return fullUrl;
  }
}
