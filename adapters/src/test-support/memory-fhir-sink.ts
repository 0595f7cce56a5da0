import type { Bundle, BundleEntry, Identifier, Resource, ResourceType } from '@medplum/fhirtypes';
import type { FhirSink } from '../pipeline/fhir-sink.js';
import { applyFhirPathPatch } from './apply-fhirpath-patch.js';
import { SinkHttpError } from './sink-http-error.js';

export { SinkHttpError } from './sink-http-error.js';

type Stored = Resource & { id: string; meta: { versionId: string } };

/** What one entry does: the resource it resolves to and, unless a matched conditional create, what it writes. */
interface Plan {
  readonly index: number;
  readonly type: string;
  readonly id: string;
  readonly write?: Stored;
}

/** The processing order of bundle.html#trules: DELETE, POST, PUT/PATCH, GET. */
const rank: Readonly<Record<string, number>> = { DELETE: 0, POST: 1, PUT: 2, PATCH: 2, GET: 3, HEAD: 3 };
const understood: ReadonlySet<string> = new Set(['POST', 'PUT', 'PATCH']);
const searchParameters: ReadonlySet<string> = new Set(['identifier', '_tag', 'subject:Patient.identifier']);

/**
 * A FHIR server in miniature for the adapters' tests (adapters may not import the server). Transactions
 * are all-or-nothing and processed in the order of bundle.html#trules; two entries resolving to the same
 * resource fail the transaction (400, bundle.html#trules). Understood: POST with or without `ifNoneExist`
 * (http.html#ccreate), conditional update `PUT Type?…` (http.html#cond-update: none creates, one updates,
 * several 412), `PUT Type/id` with `ifMatch` (http.html#concurrency), conditional or direct PATCH with the
 * FHIRPath Patch the mappers emit (http.html#patch: no match 404), `urn:uuid:` references resolved.
 * Conditions and searches: `identifier` (OR lists, search.html#combining; masterIdentifier counts),
 * `_tag` and `subject:Patient.identifier` (search.html#chaining). Anything else is a 400, so a test cannot pass by accident. `failures` queues errors for the
 * next transactions, `down` fails every call; `commitThenFail` commits the next transaction and then
 * throws, like a connection lost before the response.
 */
export class MemoryFhirSink implements FhirSink {
  readonly failures: unknown[] = [];
  /** Unreachable: every call fails. */
  down = false;
  commitThenFail = 0;
  transactions = 0;
  /** Every resource written, in commit order. */
  readonly written: Resource[] = [];
  private readonly resources = new Map<string, Stored>();
  private nextId = 1;

  /** Every stored resource of a type. */
  all<T extends Resource = Stored>(type: string): (T & Stored)[] {
    return [...this.resources.values()].filter((r): r is T & Stored => r.resourceType === type);
  }

  /** The one resource of that type carrying the identifier (throws when not exactly one). */
  byIdentifier<T extends Resource>(type: T['resourceType'], system: string, value: string): T & Stored {
    const found = this.all<T>(type).filter((r) => hasIdentifier(r, system, value));
    if (found.length !== 1) throw new Error(`${found.length} ${type} with ${system}|${value}`);
    return found[0] as T & Stored;
  }

  /** A resource by `Type/id`. */
  read<T extends Resource>(reference: string): (T & Stored) | undefined {
    return this.resources.get(reference) as (T & Stored) | undefined;
  }

  /** The stored content as JSON, without version bookkeeping: equal snapshots are equal states (idempotency). */
  snapshot(): string {
    const content = [...this.resources.entries()].map(([key, { meta, ...rest }]) => {
      const { versionId: _v, ...kept } = meta;
      return [key, Object.keys(kept).length === 0 ? rest : { ...rest, meta: kept }] as const;
    });
    return JSON.stringify(content.sort(([a], [b]) => a.localeCompare(b)));
  }

  async search(type: ResourceType, params: Record<string, string>): Promise<Bundle> {
    if (this.down) throw new Error('ECONNREFUSED');
    const entry = this.find(type, params).map((resource) => ({ resource, search: { mode: 'match' as const } }));
    return { resourceType: 'Bundle', type: 'searchset', total: entry.length, entry };
  }

  async transaction(bundle: Bundle): Promise<Bundle> {
    this.maybeFail();
    const entries = bundle.entry ?? [];
    const order = entries.map((_, i) => i).sort((a, b) => methodRank(entries[a]) - methodRank(entries[b]) || a - b);
    const claimed = new Set<string>();
    const plans = order.map((i) => this.plan(i, entries[i] ?? {}, claimed));
    const ids = new Map(plans.map((p) => [entries[p.index]?.fullUrl ?? '', `${p.type}/${p.id}`]));
    const staged = plans.flatMap((p) =>
      p.write === undefined ? [] : [[`${p.type}/${p.id}`, resolve(p.write, ids)] as const],
    );
    for (const [key, resource] of staged) this.resources.set(key, resource);
    this.written.push(...staged.map(([, resource]) => resource));
    this.transactions += 1;
    if (this.commitThenFail > 0) {
      this.commitThenFail -= 1;
      throw new Error('socket hang up');
    }
    const byIndex = new Map(plans.map((p) => [p.index, p]));
    return {
      resourceType: 'Bundle',
      type: 'transaction-response',
      entry: entries.map((_, i) => this.response(byIndex.get(i))),
    };
  }

  private response(plan: Plan | undefined): BundleEntry {
    const key = `${plan?.type ?? ''}/${plan?.id ?? ''}`;
    const status =
      plan?.write === undefined || this.resources.get(key)?.meta.versionId !== '1' ? '200 OK' : '201 Created';
    return { response: { status, location: `${key}/_history/${this.resources.get(key)?.meta.versionId ?? '1'}` } };
  }

  private plan(index: number, entry: BundleEntry, claimed: Set<string>): Plan {
    const { request, resource } = entry;
    if (request === undefined || resource === undefined || !understood.has(request.method))
      throw new SinkHttpError(400);
    const [path = '', query] = request.url.split('?', 2);
    const [type = '', givenId] = path.split('/');
    const existing = this.target(type, givenId, request.method === 'POST' ? request.ifNoneExist : query);
    if (request.method === 'POST' && existing !== undefined) return { index, type, id: existing.id };
    if (request.method === 'PATCH' && existing === undefined) throw new SinkHttpError(404);
    if (request.ifMatch !== undefined && request.ifMatch !== `W/"${existing?.meta.versionId ?? ''}"`)
      throw new SinkHttpError(412);
    const id = existing?.id ?? givenId ?? String(this.nextId++);
    if (claimed.has(`${type}/${id}`)) throw new SinkHttpError(400);
    claimed.add(`${type}/${id}`);
    const content =
      existing !== undefined && request.method === 'PATCH' ? applyFhirPathPatch(existing, resource) : resource;
    const versionId = String(Number(existing?.meta.versionId ?? '0') + 1);
    return {
      index,
      type,
      id,
      write: { ...content, resourceType: type, id, meta: { ...content.meta, versionId } } as Stored,
    };
  }

  /** The resource an entry's `Type/id` or condition names (none: undefined; several: 412). */
  private target(type: string, givenId: string | undefined, condition: string | undefined): Stored | undefined {
    if (givenId !== undefined) return this.resources.get(`${type}/${givenId}`);
    if (condition === undefined) return undefined;
    const matches = this.find(type, Object.fromEntries(new URLSearchParams(condition)));
    if (matches.length > 1) throw new SinkHttpError(412);
    return matches[0];
  }

  private find(type: string, params: Record<string, string>): Stored[] {
    // Refused before looking at any resource: an empty store must not accept an unknown condition.
    if (Object.keys(params).some((name) => !searchParameters.has(name))) throw new SinkHttpError(400);
    return this.all(type).filter((r) =>
      Object.entries(params).every(([name, value]) => {
        if (name === 'identifier')
          return value.split(/(?<!\\),/).some((token) => hasIdentifier(r, ...splitToken(token)));
        const [system, code] = splitToken(value);
        if (name === '_tag') return r.meta.tag?.some((t) => t.system === system && t.code === code) ?? false;
        if (name === 'subject:Patient.identifier') {
          const subject = (r as { subject?: { reference?: string } }).subject?.reference;
          return this.find('Patient', { identifier: value }).some((p) => subject === `Patient/${p.id}`);
        }
        return false;
      }),
    );
  }

  private maybeFail(): void {
    if (this.down) throw new Error('ECONNREFUSED');
    const failure = this.failures.shift();
    if (failure !== undefined) throw failure;
  }
}

function methodRank(entry: BundleEntry | undefined): number {
  return rank[entry?.request?.method ?? ''] ?? 4;
}

/** `urn:uuid:` references rewritten to the ids their entries resolved to. */
function resolve(resource: Stored, ids: ReadonlyMap<string, string>): Stored {
  return JSON.parse(
    JSON.stringify(resource).replace(/"urn:uuid:[0-9a-f-]+"/g, (m) =>
      JSON.stringify(ids.get(m.slice(1, -1)) ?? m.slice(1, -1)),
    ),
  ) as Stored;
}

/** `system|value`: the first unescaped `|` splits; `\|`, `\,`, `\$` and `\\` stand for themselves (search.html#escaping). */
function splitToken(token: string): [string, string] {
  const bar = /(?<!\\)\|/.exec(token)?.index ?? token.length;
  const unescape = (s: string): string => s.replace(/\\([\\|,$])/g, '$1');
  return [unescape(token.slice(0, bar)), unescape(token.slice(bar + 1))];
}

/** DocumentReference.masterIdentifier counts: R4's `identifier` search parameter covers it. */
function hasIdentifier(resource: Resource, system: string, value: string): boolean {
  const record = resource as unknown as { identifier?: Identifier[]; masterIdentifier?: Identifier };
  const all = [
    ...(record.identifier ?? []),
    ...(record.masterIdentifier === undefined ? [] : [record.masterIdentifier]),
  ];
  return all.some((i) => i.system === system && i.value === value);
}
