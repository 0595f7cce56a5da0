import type { Bundle, BundleEntry, Identifier, Resource, ResourceType } from '@medplum/fhirtypes';
import type { FhirSink } from '../pipeline/fhir-sink.js';

type Stored = Resource & { id: string; meta: { versionId: string } };

/** An error as the SDK's FhirClientError carries it: an HTTP status. */
export class SinkHttpError extends Error {
  constructor(readonly status: number) {
    super(`HTTP ${status}`);
  }
}

/**
 * A FHIR server in miniature, for pipeline tests: transactions all-or-nothing, with conditional update
 * (`PUT Type?identifier=`), conditional create (`ifNoneExist` by identifier or `_tag`), `PUT Type/id`
 * with `ifMatch`, `urn:uuid:` references resolved; search by `identifier` and `_tag`. `failures`
 * queues errors for the next transactions, `down` fails every call; `commitThenFail` commits the next
 * transaction and then throws, like a connection lost before the response.
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

  all(type: string): Stored[] {
    return [...this.resources.values()].filter((r) => r.resourceType === type);
  }

  async search(type: ResourceType, params: Record<string, string>): Promise<Bundle> {
    if (this.down) throw new Error('ECONNREFUSED');
    const entry = this.find(type, params).map((resource) => ({ resource, search: { mode: 'match' as const } }));
    return { resourceType: 'Bundle', type: 'searchset', total: entry.length, entry };
  }

  async transaction(bundle: Bundle): Promise<Bundle> {
    this.maybeFail();
    const staged = new Map<string, Stored>();
    const ids = new Map<string, string>();
    const plan = (bundle.entry ?? []).map((e) => this.plan(e, staged));
    plan.forEach((p, i) => {
      const fullUrl = bundle.entry?.[i]?.fullUrl;
      if (fullUrl !== undefined) ids.set(fullUrl, `${p.type}/${p.id}`);
    });
    const response = plan.map((p) => {
      if (p.write !== undefined) {
        const resolved = JSON.parse(
          JSON.stringify(p.write).replace(/"urn:uuid:[0-9a-f-]+"/g, (m) =>
            JSON.stringify(ids.get(m.slice(1, -1)) ?? m.slice(1, -1)),
          ),
        ) as Stored;
        staged.set(`${p.type}/${p.id}`, resolved);
      }
      const version =
        (staged.get(`${p.type}/${p.id}`) ?? this.resources.get(`${p.type}/${p.id}`))?.meta.versionId ?? '1';
      return {
        response: {
          status: p.write === undefined ? '200 OK' : '201 Created',
          location: `${p.type}/${p.id}/_history/${version}`,
        },
      };
    });
    for (const [key, resource] of staged) this.resources.set(key, resource);
    this.written.push(...staged.values());
    this.transactions += 1;
    if (this.commitThenFail > 0) {
      this.commitThenFail -= 1;
      throw new Error('socket hang up');
    }
    return { resourceType: 'Bundle', type: 'transaction-response', entry: response };
  }

  private plan(entry: BundleEntry, staged: Map<string, Stored>): { type: string; id: string; write?: Stored } {
    const request = entry.request;
    const resource = entry.resource;
    if (request === undefined || resource === undefined) throw new SinkHttpError(400);
    const [path = '', query] = request.url.split('?', 2);
    const [type = '', givenId] = path.split('/');
    const conditional = query ?? request.ifNoneExist;
    const matches =
      conditional === undefined ? [] : this.find(type, Object.fromEntries(new URLSearchParams(conditional)));
    if (matches.length > 1) throw new SinkHttpError(412);
    const existing = givenId === undefined ? matches[0] : this.resources.get(`${type}/${givenId}`);
    if (request.method === 'POST' && existing !== undefined) return { type, id: existing.id };
    if (request.ifMatch !== undefined && request.ifMatch !== `W/"${existing?.meta.versionId ?? ''}"`)
      throw new SinkHttpError(412);
    const id = existing?.id ?? givenId ?? String(this.nextId++);
    const version = String(Number(existing?.meta.versionId ?? '0') + 1);
    if (staged.has(`${type}/${id}`)) throw new SinkHttpError(400);
    return { type, id, write: { ...resource, id, meta: { ...resource.meta, versionId: version } } as Stored };
  }

  private find(type: string, params: Record<string, string>): Stored[] {
    return this.all(type).filter((r) =>
      Object.entries(params).every(([name, value]) => {
        const [system, code] = value.split('|', 2);
        if (name === 'identifier') return value.split(/(?<!\\),/).some((token) => hasIdentifier(r, token));
        if (name === '_tag') return r.meta.tag?.some((t) => t.system === system && t.code === code) ?? false;
        throw new SinkHttpError(400);
      }),
    );
  }

  private maybeFail(): void {
    if (this.down) throw new Error('ECONNREFUSED');
    const failure = this.failures.shift();
    if (failure !== undefined) throw failure;
  }
}

/**
 * `identifier=system|value` on the resource's identifiers; one token of an OR list (search.html#combining).
 * DocumentReference.masterIdentifier counts: R4's `identifier` search parameter covers it.
 */
function hasIdentifier(resource: Resource, token: string): boolean {
  // The first unescaped `|` splits system from value; `\|`, `\,`, `\$` and `\\` stand for themselves (search.html#escaping).
  const bar = /(?<!\\)\|/.exec(token)?.index ?? token.length;
  const unescape = (s: string): string => s.replace(/\\([\\|,$])/g, '$1');
  const [system, code] = [unescape(token.slice(0, bar)), unescape(token.slice(bar + 1))];
  const record = resource as unknown as { identifier?: Identifier[]; masterIdentifier?: Identifier };
  const all = [
    ...(record.identifier ?? []),
    ...(record.masterIdentifier === undefined ? [] : [record.masterIdentifier]),
  ];
  return all.some((i) => i.system === system && i.value === code);
}
