import type { Bundle, BundleEntry, Identifier, Resource } from '@medplum/fhirtypes';

/**
 * A test-only FHIR store that applies a mapper's transaction Bundle with the R4 rules the mappers rely
 * on (adapters may not import the server): entries in the order DELETE, POST, PUT (bundle.html#trules),
 * conditional create by `ifNoneExist` (http.html#ccreate), conditional update by `Type?identifier=
 * system|value` (http.html#cond-update: no match creates, one match updates, several are a 412), and
 * `urn:uuid:` references rewritten to the ids the entries end up with. Only `identifier` conditions are
 * understood, which is all the mappers write; anything else throws, so a test cannot pass by accident.
 */
export class FakeFhirServer {
  private readonly resources = new Map<string, Resource>();
  private nextId = 1;

  /**
   * Applies the Bundle as one transaction; returns the `Type/id` of each entry, in entry order. With
   * `stale` (MappingResult.stateElements of a message that a newer one overtook) it applies what the
   * pipeline does then: a listed entry that matches writes only its listed top-level elements onto the
   * stored resource (an element the message leaves out is removed), every other entry is create-only.
   */
  transaction(bundle: Bundle, stale?: Readonly<Record<string, readonly string[]>>): string[] {
    const entries = bundle.entry ?? [];
    const targets = entries.map((entry) => this.target(entry, stale));
    const ids = new Map(entries.map((entry, i) => [entry.fullUrl ?? '', (targets[i] ?? '').replace(/^matched:/, '')]));
    const order = entries.map((_, i) => i).sort((a, b) => rank(entries[a]) - rank(entries[b]) || a - b);
    for (const i of order) {
      const entry = entries[i];
      const target = targets[i];
      if (entry?.resource === undefined || target === undefined || target.startsWith('matched:')) continue;
      const [type = '', id = ''] = target.split('/');
      const resolved = JSON.parse(
        JSON.stringify(entry.resource).replace(/"urn:uuid:[0-9a-f-]+"/g, (ref) =>
          JSON.stringify(ids.get(JSON.parse(ref) as string) ?? ref),
        ),
      ) as Resource;
      const stored = this.resources.get(target);
      const elements = stale?.[entry.fullUrl ?? ''];
      this.resources.set(target, {
        ...(stored && elements ? merged(stored, resolved, elements) : resolved),
        resourceType: type,
        id,
      } as Resource);
    }
    return targets.map((t) => t.replace(/^matched:/, ''));
  }

  /** The whole store as JSON: equal snapshots are equal states (idempotency checks). */
  snapshot(): string {
    return JSON.stringify([...this.resources.entries()].sort(([a], [b]) => a.localeCompare(b)));
  }

  /** Every stored resource of a type. */
  all<T extends Resource>(type: T['resourceType']): T[] {
    return [...this.resources.values()].filter((r): r is T => r.resourceType === type);
  }

  /** The one resource of that type carrying the identifier (throws when not exactly one). */
  byIdentifier<T extends Resource>(type: T['resourceType'], system: string, value: string): T {
    const found = this.all<T>(type).filter((r) => hasIdentifier(r, system, value));
    if (found.length !== 1) throw new Error(`${found.length} ${type} with ${system}|${value}`);
    return found[0] as T;
  }

  /** A resource by `Type/id`. */
  read<T extends Resource>(reference: string): T | undefined {
    return this.resources.get(reference) as T | undefined;
  }

  /** Where an entry writes: a matched conditional create (or stale create-only) is `matched:Type/id`, not written. */
  private target(entry: BundleEntry, stale: Readonly<Record<string, readonly string[]>> | undefined): string {
    const request = entry.request;
    const type = entry.resource?.resourceType ?? '';
    if (stale !== undefined && request?.method === 'PUT' && stale[entry.fullUrl ?? ''] === undefined) {
      // Not authoritative: create-only.
      const [match] = this.matches(type, request.url.slice(type.length + 1));
      return match === undefined ? this.newTarget(type) : `matched:${match}`;
    }
    if (request?.method === 'POST' && request.ifNoneExist !== undefined) {
      const [match, ...more] = this.matches(type, request.ifNoneExist);
      if (more.length > 0) throw new Error(`412: ifNoneExist ${request.ifNoneExist} matches several`);
      return match === undefined ? this.newTarget(type) : `matched:${match}`;
    }
    if (request?.method === 'PUT' && request.url.startsWith(`${type}?`)) {
      const [match, ...more] = this.matches(type, request.url.slice(type.length + 1));
      if (more.length > 0) throw new Error(`412: ${request.url} matches several`);
      return match ?? this.newTarget(type);
    }
    throw new Error(`not an idempotent entry: ${request?.method ?? '?'} ${request?.url ?? '?'}`);
  }

  private newTarget(type: string): string {
    return `${type}/${this.nextId++}`;
  }

  /** `identifier=a` or `identifier=a,b` (any of them, search.html#combining). */
  private matches(type: string, query: string): string[] {
    const m = /^identifier=(.*)$/.exec(query);
    if (m?.[1] === undefined) throw new Error(`unsupported condition ${query}`);
    const tokens = m[1].split(/(?<!%5C),/).map(splitToken);
    return [...this.resources.entries()]
      .filter(([, r]) => r.resourceType === type && tokens.some(([system, value]) => hasIdentifier(r, system, value)))
      .map(([key]) => key);
  }
}

/** The stored resource with `elements` taken from the message's version (absent there: removed). */
function merged(stored: Resource, incoming: Resource, elements: readonly string[]): Resource {
  const result: Record<string, unknown> = { ...stored };
  const from = incoming as unknown as Record<string, unknown>;
  for (const element of elements) {
    if (from[element] === undefined) delete result[element];
    else result[element] = from[element];
  }
  return result as unknown as Resource;
}

/** The transaction processing order of bundle.html#trules: DELETE, POST, PUT. */
function rank(entry: BundleEntry | undefined): number {
  const order: Readonly<Record<string, number>> = { DELETE: 0, POST: 1, PUT: 2 };
  return order[entry?.request?.method ?? ''] ?? 3;
}

/** `system|value` with search.html#escaping (`\|`) and percent-encoding undone. */
function splitToken(token: string): [string, string] {
  const decoded = decodeURIComponent(token);
  const bar = /(?<!\\)\|/.exec(decoded)?.index ?? -1;
  const unescape = (s: string): string => s.replace(/\\([\\|,$])/g, '$1');
  return [unescape(decoded.slice(0, bar)), unescape(decoded.slice(bar + 1))];
}

function hasIdentifier(resource: Resource, system: string, value: string): boolean {
  const identifiers = (resource as { identifier?: Identifier[] }).identifier ?? [];
  return identifiers.some((id) => id.system === system && id.value === value);
}
