import type { SearchParameterRegistry } from '@nexushealth/conformance';
import type { FuzzRequest } from './fuzz-request.js';
import { encodeValue, HOSTILE_STRINGS, searchValue } from './hostile-values.js';
import { mutate, type Json } from './mutate.js';
import type { Random } from './random.js';
import { oddRequest, withOddHeaders } from './odd-requests.js';
import { MODIFIERS, OPERATIONS, RESULT_PARAMS, TYPES } from './vocabulary.js';

/** A resource example the fuzzer starts from (an R4 example, or a small built-in one). */
export type Example = { resourceType: string; id?: string } & Record<string, Json>;

/**
 * Random and mutated requests: every interaction of http.html, search parameters from the
 * registry with modifiers, prefixes, chains and hostile values, mutated R4 examples as bodies,
 * Bundles of such entries, operations, odd methods, headers and content types. It learns the
 * ids the server creates, so reads, updates and patches also hit stored resources.
 */
export class RequestGenerator {
  private readonly known: Array<{ type: string; id: string }> = [];

  constructor(
    private readonly random: Random,
    private readonly registry: SearchParameterRegistry,
    private readonly examples: readonly Example[],
  ) {}

  /** Remembers a created resource (`Location` or the answered body). */
  learn(type: string, id: string): void {
    if (this.known.length < 500) this.known.push({ type, id });
    else this.known[this.random.int(this.known.length)] = { type, id };
  }

  next(): FuzzRequest {
    const kinds: Array<() => FuzzRequest> = [
      () => this.search(),
      () => this.search(),
      () => this.create(),
      () => this.create(),
      () => this.read(),
      () => this.update(),
      () => this.patch(),
      () => this.remove(),
      () => this.history(),
      () => this.bundle(),
      () => this.operation(),
      () => oddRequest(this.random),
    ];
    return withOddHeaders(this.random, this.random.pick(kinds)());
  }

  private search(): FuzzRequest {
    const type = this.random.chance(0.1) ? '' : this.type();
    const params = this.registry.forResource(type || 'Patient');
    const query: string[] = [];
    for (let i = this.random.int(4); i >= 0; i--) {
      const param = this.random.pick(params);
      const name = this.random.chance(0.15) ? this.chainOrHas(param.code) : param.code + this.random.pick(MODIFIERS);
      query.push(`${name}=${encodeValue(searchValue(this.random, param.type))}`);
    }
    if (this.random.chance(0.4)) query.push(this.resultParam(params.map((p) => p.code)));
    if (type === '') query.push(`_type=${encodeValue(this.random.pick([...TYPES, '$where', 'Nonsense']))}`);
    const text = query.join('&');
    if (this.random.chance(0.15)) {
      const request: FuzzRequest = {
        interaction: 'search-post',
        method: 'POST',
        path: `${type}/_search`,
        headers: {},
        body: text,
      };
      request.headers['Content-Type'] = 'application/x-www-form-urlencoded';
      return request;
    }
    return {
      interaction: type === '' ? 'search-system' : 'search-type',
      method: 'GET',
      path: `${type}?${text}`,
      headers: {},
    };
  }

  private chainOrHas(code: string): string {
    const target = this.random.pick(['Patient', 'Practitioner', 'Organization', '$where', '']);
    return this.random.chance(0.5)
      ? `${code}${target ? `:${target}` : ''}.${this.random.pick(['name', 'identifier', 'organization.name', '$where', '_id'])}`
      : `_has:${this.random.pick(['Observation', 'Encounter', 'X'])}:${this.random.pick(['patient', 'subject', 'x'])}:${this.random.pick(['code', '_id', 'status'])}`;
  }

  private resultParam(codes: string[]): string {
    const name = this.random.pick(RESULT_PARAMS);
    const values: Record<string, string[]> = {
      _count: ['0', '1', '1000', '100000', '-1', 'x'],
      _offset: ['0', '5', '-1', '1e9'],
      _sort: [this.random.pick(codes), `-${this.random.pick(codes)}`, '$where', 'idx.name', '_lastUpdated,-_id'],
      _elements: ['id', 'name,gender', 'status,code', 'x.y', '$where', '*'],
      _summary: ['true', 'text', 'data', 'count', 'false', 'x'],
      _include: ['*', 'Patient:organization', 'Observation:subject:Patient', '$where', 'Observation:*'],
      _revinclude: ['Observation:subject', 'Provenance:target', '*:*'],
    };
    return `${name}=${encodeValue(this.random.pick(values[name] ?? HOSTILE_STRINGS))}`;
  }

  private create(): FuzzRequest {
    const example = this.example();
    const resource = this.random.chance(0.6) ? mutate(this.random, example) : example;
    const conditional: Record<string, string> = this.random.chance(0.15)
      ? { 'If-None-Exist': `identifier=${encodeValue(this.random.pick(HOSTILE_STRINGS))}` }
      : {};
    return {
      interaction: 'create',
      method: 'POST',
      path: example.resourceType,
      headers: { ...conditional },
      body: JSON.stringify(resource),
    };
  }

  private read(): FuzzRequest {
    const { type, id } = this.target();
    if (this.random.chance(0.3))
      return {
        interaction: 'vread',
        method: 'GET',
        path: `${type}/${id}/_history/${this.random.pick(['1', '2', '0', 'x', '99999999999'])}`,
        headers: {},
      };
    const shape = this.random.chance(0.3) ? `?${this.resultParam(['name'])}` : '';
    return {
      interaction: 'read',
      method: this.random.chance(0.1) ? 'HEAD' : 'GET',
      path: `${type}/${id}${shape}`,
      headers: {},
    };
  }

  private update(): FuzzRequest {
    const { type, id } = this.target();
    const example = this.example(type);
    const resource = mutate(this.random, { ...example, id } as Json, this.random.int(3));
    const path = this.random.chance(0.15)
      ? `${type}?identifier=${encodeValue(this.random.pick(HOSTILE_STRINGS))}`
      : `${type}/${id}`;
    const ifMatch: Record<string, string> = this.random.chance(0.2)
      ? { 'If-Match': this.random.pick(['W/"1"', '"1"', 'W/"x"', '*', '']) }
      : {};
    return { interaction: 'update', method: 'PUT', path, headers: { ...ifMatch }, body: JSON.stringify(resource) };
  }

  private patch(): FuzzRequest {
    const { type, id } = this.target();
    const op = () => ({
      op: this.random.pick(['add', 'remove', 'replace', 'move', 'copy', 'test', 'frob']),
      path: this.random.pick([
        '/active',
        '/name/0/family',
        '/name/-',
        '/id',
        '/meta/versionId',
        '/resourceType',
        '/$where',
        '/a~1b',
        '',
        '/extension/0/extension/0',
      ]),
      value: this.random.pick<Json>(['x', true, 1, null, { $gt: '' }, [], { family: 'f' }]),
      from: '/name/0',
    });
    const body = this.random.chance(0.1)
      ? JSON.stringify(op())
      : JSON.stringify(Array.from({ length: 1 + this.random.int(3) }, op));
    return {
      interaction: 'patch',
      method: 'PATCH',
      path: `${type}/${id}`,
      headers: { 'Content-Type': 'application/json-patch+json' },
      body,
    };
  }

  private remove(): FuzzRequest {
    const { type, id } = this.target();
    if (this.random.chance(0.3)) {
      const param = this.random.pick(this.registry.forResource(type));
      return {
        interaction: 'conditional-delete',
        method: 'DELETE',
        path: `${type}?${param.code}=${encodeValue(searchValue(this.random, param.type))}`,
        headers: {},
      };
    }
    return { interaction: 'delete', method: 'DELETE', path: `${type}/${id}`, headers: {} };
  }

  private history(): FuzzRequest {
    const { type, id } = this.target();
    const base = this.random.pick([`${type}/${id}/_history`, `${type}/_history`, '_history']);
    const query = this.random.pick([
      '',
      '?_count=2',
      '?_since=2020-01-01T00:00:00Z',
      '?_since=x',
      '?_at=2020',
      '?_count=-5',
      `?_since=${encodeValue(this.random.pick(HOSTILE_STRINGS))}`,
    ]);
    return { interaction: 'history', method: 'GET', path: base + query, headers: {} };
  }

  private bundle(): FuzzRequest {
    const entries = Array.from({ length: this.random.int(5) }, () => {
      const inner = this.random.pick([
        () => this.create(),
        () => this.read(),
        () => this.update(),
        () => this.remove(),
        () => this.search(),
      ])();
      const entry: Record<string, Json> = { request: { method: inner.method, url: inner.path } };
      if (inner.body !== undefined && inner.method !== 'PATCH') entry.resource = safeParse(inner.body);
      if (this.random.chance(0.3)) entry.fullUrl = `urn:uuid:${this.random.int(1e9)}`;
      return entry;
    });
    const bundle: Json = {
      resourceType: 'Bundle',
      type: this.random.pick(['batch', 'transaction', 'transaction', 'collection', 'x']),
      entry: entries,
    };
    const body = JSON.stringify(this.random.chance(0.3) ? mutate(this.random, bundle) : bundle);
    return { interaction: 'batch/transaction', method: 'POST', path: '', headers: {}, body };
  }

  private operation(): FuzzRequest {
    const { type, id } = this.target();
    const name = this.random.pick(OPERATIONS);
    const path = this.random.pick([`${type}/${id}/${name}`, `${type}/${name}`, name]);
    if (this.random.chance(0.5))
      return {
        interaction: 'operation',
        method: 'GET',
        path: `${path}?${this.random.pick(['', 'profile=http://169.254.169.254/x', 'mode=x', '_since=x', 'start=2020&end=x'])}`,
        headers: {},
      };
    const body: Json = this.random.chance(0.5)
      ? mutate(this.random, this.example(type))
      : {
          resourceType: 'Parameters',
          parameter: [
            { name: 'resource', resource: this.example(type) },
            { name: 'profile', valueUri: 'http://169.254.169.254/latest' },
          ],
        };
    return { interaction: 'operation', method: 'POST', path, headers: {}, body: JSON.stringify(body) };
  }

  private type(): string {
    return this.random.chance(0.8) ? this.random.pick(TYPES) : this.random.pick(this.registry.resourceTypes());
  }

  private target(): { type: string; id: string } {
    if (this.known.length > 0 && this.random.chance(0.7)) return this.random.pick(this.known);
    return {
      type: this.type(),
      id: this.random.pick(['1', 'example', 'x'.repeat(65), 'a_b', '%24where', 'nonexistent', '%2E%2E']),
    };
  }

  private example(type?: string): Example {
    const matching = type === undefined ? this.examples : this.examples.filter((e) => e.resourceType === type);
    const example = this.random.pick(matching.length > 0 ? matching : this.examples);
    const copy = structuredClone(example);
    delete copy.id;
    return copy;
  }
}

function safeParse(text: string): Json {
  try {
    return JSON.parse(text) as Json;
  } catch {
    return text;
  }
}
