import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { isDeepStrictEqual } from 'node:util';
import type { CapabilityStatement, Extension, Resource } from '@medplum/fhirtypes';
import { SearchParameterRegistry } from '@nexushealth/conformance';
import { expect } from 'chai';
import { AUDIT_CHAIN_URL } from '../audit/chain-extension.js';
import { AUDIT_SUBMITTER_URL } from '../audit/submitter-extension.js';
import { searchValueFor } from './example-search-values.js';
import { call } from './http-call.js';
import { sharedDataFolder } from './shared-data.js';
import { startTestServer, type TestServer } from './test-server.js';

interface IndexEntry {
  file: string;
  resourceType: string;
  id: string;
}

/**
 * Example values no conformant search can match, with the reason.
 * - Library-library-fhir-helpers: `relatedArtifact.resource` is `library-fhir-helpers-predecessor`,
 *   a canonical that is neither absolute (canonical SHALL be, datatypes.html#canonical) nor `Type/id`.
 */
const NOT_FINDABLE = new Set(['Library-library-fhir-helpers.json predecessor']);

/**
 * Examples the spec ships invalid for its own StructureDefinitions (a reference to a type the
 * element does not allow, a missing required linkId, unknown modifier extensions): base validation refuses them on write. The
 * reasons are listed with the profiles suite (profiles/src/profile-validator-r4-examples.test.ts).
 */
const SHIPPED_INVALID = [
  'Basic-referral.json',
  'DeviceMetric-example.json',
  'DeviceUseStatement-example.json',
  'MedicationRequest-medrx0301.json',
  'Observation-clinical-gender.json',
  'Questionnaire-qs1.json',
];

/**
 * meta.versionId and meta.lastUpdated are the server's to set (resource.html#Meta), and so is
 * the audit-chain and audit-submitter extensions every AuditEvent created through the API gets
 * (audit/chain-extension.ts, audit/submitter-extension.ts).
 */
function withoutServerMeta(resource: Resource): Resource {
  const { meta, ...rest } = resource;
  const { versionId: _v, lastUpdated: _l, ...kept } = meta ?? {};
  const withoutChain = withoutAuditChain(rest as Record<string, unknown>);
  return (Object.keys(kept).length > 0 ? { ...withoutChain, meta: kept } : withoutChain) as unknown as Resource;
}

function withoutAuditChain(resource: Record<string, unknown>): Record<string, unknown> {
  const { extension: all, ...rest } = resource;
  const extension = (all as Extension[] | undefined)?.filter(
    (e) => e.url !== AUDIT_CHAIN_URL && e.url !== AUDIT_SUBMITTER_URL,
  );
  return extension?.length ? { ...rest, extension } : rest;
}

/**
 * The official R4 examples (hl7.fhir.r4.examples 4.0.1, shared/data/fhir-r4-examples) through the
 * REST API: each is stored with its own id (http.html#upsert), reads back as it was sent, and is
 * found by every search parameter the CapabilityStatement declares for its type, queried with its
 * own values (search.html).
 */
describe('official R4 examples through the REST API (http.html, search.html)', function () {
  let server: TestServer;
  let folder: string | undefined;
  let examples: Array<IndexEntry & { resource: Resource }> = [];

  before(async function () {
    this.timeout(120_000);
    folder = sharedDataFolder('fhir-r4-examples');
    if (!folder) this.skip();
    const dir = folder;
    const index = JSON.parse(readFileSync(join(dir, '_index.json'), 'utf8')) as IndexEntry[];
    examples = index.map((e) => ({ ...e, resource: JSON.parse(readFileSync(join(dir, e.file), 'utf8')) as Resource }));
    server = await startTestServer();
  });

  after(async () => server?.close());

  it('all 716 but the ones shipped invalid are stored, with their own id by update-as-create (http.html#upsert), AuditEvents by create; those are 400 (validation.html)', async function () {
    this.timeout(120_000);
    const refused: Record<string, string> = {};
    for (const e of examples) {
      // AuditEvents are append-only here: created, never updated, so never at a client's id.
      const append = e.resourceType === 'AuditEvent';
      const { id: _id, ...body } = e.resource;
      const result = append
        ? await call(server, 'POST', e.resourceType, { body })
        : await call(server, 'PUT', `${e.resourceType}/${e.id}`, { body: e.resource });
      if (result.status !== 201) refused[e.file] = `${result.status} ${result.text.slice(0, 300)}`;
      if (append && result.body?.id) {
        e.id = result.body.id;
        e.resource = { ...e.resource, id: e.id };
      }
    }
    expect(examples).to.have.length(716);
    expect(Object.keys(refused).sort()).to.deep.equal(SHIPPED_INVALID, JSON.stringify(refused, null, 1));
    expect(Object.values(refused).every((answer) => answer.startsWith('400 '))).to.equal(true);
    examples = examples.filter((e) => !SHIPPED_INVALID.includes(e.file));
  });

  it('each reads back unchanged but for meta.versionId/lastUpdated (http.html#read)', async function () {
    this.timeout(120_000);
    const changed: string[] = [];
    for (const e of examples) {
      const result = await call(server, 'GET', `${e.resourceType}/${e.id}`);
      const back = result.body ? withoutServerMeta(result.body) : undefined;
      try {
        expect(back).to.deep.equal(withoutServerMeta(e.resource));
      } catch {
        changed.push(e.file);
      }
    }
    expect(changed).to.deep.equal([]);
  });

  it('each reads back unchanged as FHIR XML too (http.html#mime-type, xml.html)', async function () {
    this.timeout(120_000);
    const changed: string[] = [];
    for (const e of examples) {
      const result = await call(server, 'GET', `${e.resourceType}/${e.id}`, {
        headers: { Accept: 'application/fhir+xml' },
      });
      const xml = /^application\/fhir\+xml/.test(result.headers.get('content-type') ?? '');
      const back = result.body ? withoutServerMeta(result.body) : undefined;
      if (!xml || !isDeepStrictEqual(back, withoutServerMeta(e.resource))) changed.push(e.file);
    }
    expect(changed).to.deep.equal([]);
  });

  it('each is found by every declared search parameter, queried with its own values (search.html#ptypes)', async function () {
    this.timeout(300_000);
    const capabilities = (await call<CapabilityStatement>(server, 'GET', 'metadata')).body;
    const declared = new Map<string, string[]>(
      (capabilities?.rest?.[0]?.resource ?? []).map((r) => [r.type, (r.searchParam ?? []).map((p) => p.name)]),
    );
    const registry = SearchParameterRegistry.loadBase();
    const missed: string[] = [];
    let queries = 0;
    for (const e of examples) {
      // As stored: meta.lastUpdated is the server's (for _lastUpdated).
      const stored = (await call(server, 'GET', `${e.resourceType}/${e.id}`)).body;
      for (const code of declared.get(e.resourceType) ?? []) {
        const param = registry.get(e.resourceType, code);
        const typed = param?.evaluateTyped(stored)[0];
        const value = param && typed ? searchValueFor(param.type, typed) : undefined;
        if (value === undefined) continue;
        queries++;
        const query = `${code}=${encodeURIComponent(value)}&_id=${e.id}&_summary=count`;
        const result = await call(server, 'GET', `${e.resourceType}?${query}`);
        const total = (result.body as { total?: number } | undefined)?.total;
        if (total !== 1 && !NOT_FINDABLE.has(`${e.file} ${code}`))
          missed.push(`${e.resourceType}?${code}=${value} (${e.file}: ${result.status} total ${total})`);
      }
    }
    expect(queries).to.be.greaterThan(3000);
    expect(missed).to.deep.equal([]);
  });
});
