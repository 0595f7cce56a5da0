// The AuditEvent hash chain on FerretDB (DESIGN "Data in MongoDB": append-only, hash-chained):
// several API processes append to one chain; `npm run audit:verify` and AuditEvent/$verify-chain
// report an event edited or deleted behind the server's back; audit never waits for the queue.
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import path from 'node:path';
import type { AuditEvent, Parameters } from '@medplum/fhirtypes';
import { expect } from 'chai';
import { MongoClient } from 'mongodb';
import { repoRoot, requireTestServices } from '../harness/services.js';
import { dropDatabase } from '../support/drop-database.js';
import { type PrivateServices, startPrivateServices } from '../support/private-services.js';
import { raw } from '../support/raw-http.js';
import { type RunningServer, startServer, withDatabase } from '../support/server-process.js';

/** A stored document, keyed by its string `_id` (stored-document.ts). */
interface Stored {
  _id: string;
  [field: string]: unknown;
}

interface Verdict {
  code: number | null;
  output: string;
}

/** `npm run audit:verify` (its compiled script) on a database. */
async function auditVerify(mongodbUrl: string): Promise<Verdict> {
  const script = path.join(repoRoot(), 'server', 'dist', 'verify-audit-chain.js');
  const child = spawn(process.execPath, [script], {
    env: { ...process.env, MONGODB_URL: mongodbUrl, AUDIT_PENDING_GRACE_MS: '0' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const [code] = (await once(child, 'exit')) as [number | null];
  return { code, output };
}

/** The id of the AuditEvent at a sequence, from the ledger. */
async function eventAt(db: ReturnType<MongoClient['db']>, sequence: number): Promise<string> {
  const links = await db.collection<{ _id: number; events: { id: string }[] }>('_audit_chain').find().toArray();
  const link = links.find((l) => l._id <= sequence && sequence < l._id + l.events.length);
  const id = link?.events[sequence - (link?._id ?? 0)]?.id;
  if (id === undefined) throw new Error(`no event at sequence ${sequence}`);
  return id;
}

function parameter(result: Parameters, name: string) {
  return result.parameter?.find((p) => p.name === name);
}

describe('AuditEvent hash chain on FerretDB, two API processes (auditevent.html, DESIGN "Data in MongoDB")', function () {
  this.timeout(300_000);
  const services = requireTestServices('audit chain');
  let servers: RunningServer[] = [];
  let databaseUrl = '';
  let client: MongoClient;

  before(async function () {
    if (!services) return this.skip();
    const shared = { mongodbUrl: services.mongodbUrl, redisUrl: services.redisUrl, role: 'api' as const };
    const first = await startServer({ ...shared, databasePrefix: 'e2e_chain' });
    const second = await startServer({ ...shared, databaseName: first.databaseName ?? '' });
    servers = [first, second];
    databaseUrl = withDatabase(services.mongodbUrl, first.databaseName ?? '');
    client = await MongoClient.connect(databaseUrl);
  });
  after(async () => {
    await Promise.all(servers.map((server) => server.stop()));
    await client?.close();
    if (databaseUrl !== '') await dropDatabase(databaseUrl);
  });

  it('requests to both processes at once leave one valid chain (sequence claims by _id insert)', async () => {
    const requests = servers.flatMap((server) =>
      Array.from({ length: 40 }, (_, i) =>
        i % 2
          ? raw(server.baseUrl, 'Patient', { method: 'POST', body: { resourceType: 'Patient', gender: 'other' } })
          : raw(server.baseUrl, `Patient/missing-${i}`),
      ),
    );
    const answers = await Promise.all(requests);
    expect(answers.map((a) => a.status).filter((s) => s !== 201 && s !== 404)).to.deep.equal([]);
    const verdict = await auditVerify(databaseUrl);
    expect(verdict.code, verdict.output).to.equal(0);
    expect(verdict.output).to.include('the chain is valid');
    const checked = Number(/checked (\d+) AuditEvents/.exec(verdict.output)?.[1]);
    expect(checked, verdict.output).to.be.at.least(80);
    const stored = await client.db().collection('AuditEvent').countDocuments();
    expect(checked, 'every AuditEvent stored is in the chain').to.equal(stored);
  });

  it('AuditEvent/$verify-chain answers the same over HTTP (auditor/admin)', async () => {
    const answer = await raw(servers[1]!.baseUrl, 'AuditEvent/$verify-chain');
    expect(answer.status, answer.text).to.equal(200);
    const result = answer.json as Parameters;
    expect(parameter(result, 'valid')?.valueBoolean).to.equal(true);
    expect(parameter(result, 'checked')?.valueInteger).to.be.at.least(80);
  });

  it('an AuditEvent edited directly in the database is reported as altered at its sequence', async () => {
    const events = client.db().collection<Stored>('AuditEvent');
    const id = await eventAt(client.db(), 7);
    const original = await events.findOne({ _id: id });
    await events.updateOne({ _id: id }, { $set: { 'resource.outcome': '0', 'resource.outcomeDesc': 'fine' } });
    try {
      const verdict = await auditVerify(databaseUrl);
      expect(verdict.code, verdict.output).to.equal(1);
      expect(verdict.output).to.include('BROKEN at sequence 7 (altered)');
      const answer = await raw(servers[0]!.baseUrl, 'AuditEvent/$verify-chain');
      const found = parameter(answer.json as Parameters, 'break')?.part ?? [];
      expect(found.map((p) => p.valueDecimal ?? p.valueCode)).to.include.members([7, 'altered']);
    } finally {
      await events.replaceOne({ _id: id }, original as Stored);
    }
    expect((await auditVerify(databaseUrl)).code).to.equal(0);
  });

  it('an AuditEvent deleted from the database (current and history) is reported as missing at its sequence', async () => {
    const db = client.db();
    const id = await eventAt(db, 12);
    const current = await db.collection<Stored>('AuditEvent').findOneAndDelete({ _id: id });
    const history = await db.collection<Stored>('AuditEvent_history').findOneAndDelete({ _id: `${id}/1` });
    try {
      // Alone in its link, the deleted event looks like a crash gap (exit 3); with others, missing (exit 1).
      const verdict = await auditVerify(databaseUrl);
      expect(verdict.code, verdict.output).to.be.oneOf([1, 3]);
      expect(verdict.output).to.match(
        verdict.code === 1 ? /BROKEN at sequence 12 \(missing\)/ : /GAP at sequence 12 \(gap\)/,
      );
    } finally {
      await db.collection<Stored>('AuditEvent').insertOne(current as Stored);
      await db.collection<Stored>('AuditEvent_history').insertOne(history as Stored);
    }
  });

  it('a link deleted from the ledger is reported as missing', async () => {
    const ledger = client.db().collection<{ _id: number }>('_audit_chain');
    const [, second] = await ledger.find().sort({ _id: 1 }).limit(2).toArray();
    await ledger.deleteOne({ _id: second!._id });
    try {
      const verdict = await auditVerify(databaseUrl);
      expect(verdict.output).to.include(`BROKEN at sequence ${second!._id} (missing)`);
    } finally {
      await ledger.insertOne(second!);
    }
  });

  it('a process that died after its claim leaves a gap; an edit after it is still reported (U1)', async () => {
    const db = client.db();
    const ledger = db.collection<{ _id: number; events: { id: string; hash: string }[] }>('_audit_chain');
    const [last] = await ledger.find().sort({ _id: -1 }).limit(1).toArray();
    const gapAt = last!._id + last!.events.length;
    await ledger.insertOne({
      _id: gapAt,
      events: [{ id: 'died-before-commit', hash: 'a'.repeat(64) }],
      previousHash: last!.events[last!.events.length - 1]!.hash,
      claimedAt: new Date().toISOString(),
    } as never);
    for (let i = 0; i < 4; i++) await raw(servers[i % 2]!.baseUrl, `Patient?_id=after-gap-${i}`);
    const gapOnly = await auditVerify(databaseUrl);
    expect(gapOnly.code, gapOnly.output).to.equal(3);
    expect(gapOnly.output).to.include(`GAP at sequence ${gapAt} (gap)`);
    const events = db.collection<Stored>('AuditEvent');
    const id = await eventAt(db, gapAt + 2);
    const original = await events.findOne({ _id: id });
    await events.updateOne({ _id: id }, { $set: { 'resource.outcome': '0', 'resource.outcomeDesc': 'fine' } });
    try {
      const verdict = await auditVerify(databaseUrl);
      expect(verdict.code, verdict.output).to.equal(1);
      expect(verdict.output).to.include(`GAP at sequence ${gapAt} (gap)`);
      expect(verdict.output).to.include(`BROKEN at sequence ${gapAt + 2} (altered)`);
    } finally {
      await events.replaceOne({ _id: id }, original as Stored);
    }
  });

  it('AuditEvent/$verify-chain walks a bounded page: from, count, nextFrom', async () => {
    const answer = await raw(servers[0]!.baseUrl, 'AuditEvent/$verify-chain?from=2&count=3');
    const result = answer.json as Parameters;
    expect(parameter(result, 'nextFrom')?.valueDecimal).to.be.at.least(5);
    expect(parameter(result, 'checked')?.valueInteger).to.be.at.least(3);
  });

  it('without MONGODB_URL audit:verify says the embedded store is verified by the running server', async () => {
    const verdict = await auditVerify('');
    expect(verdict.code).to.equal(2);
    expect(verdict.output).to.include('$verify-chain');
  });
});

describe('audit never waits for the queue: Redis down, requests still audited (DESIGN "Audit")', function () {
  this.timeout(300_000);
  let services: PrivateServices | undefined;
  let server: RunningServer | undefined;

  before(async function () {
    if (!requireTestServices('audit without Redis')) return this.skip();
    services = await startPrivateServices();
    server = await startServer({
      mongodbUrl: services.mongodbUrl,
      redisUrl: services.redisUrl,
      databasePrefix: 'e2e_noredis',
    });
  });
  after(async () => {
    await server?.stop();
    await services?.stop();
  });

  it('with Redis killed a read and a create are answered and each leaves its chained AuditEvent', async () => {
    await services!.redis.kill();
    const headers = (id: string) => ({ 'X-Request-Id': id });
    const created = await raw(server!.baseUrl, 'Patient', {
      method: 'POST',
      body: { resourceType: 'Patient', gender: 'other' },
      headers: headers('redis-down-create'),
    });
    expect(created.status, created.text).to.equal(201);
    expect((await raw(server!.baseUrl, 'Patient/nobody', { headers: headers('redis-down-read') })).status).to.equal(
      404,
    );
    const client = await MongoClient.connect(withDatabase(services!.mongodbUrl, server!.databaseName ?? ''));
    try {
      const events = (await client.db().collection<{ resource: AuditEvent }>('AuditEvent').find().toArray()).map(
        (d) => d.resource,
      );
      for (const requestId of ['redis-down-create', 'redis-down-read']) {
        const event = events.find((e) => e.entity?.some((x) => x.what?.identifier?.value === requestId));
        expect(event, requestId).to.not.equal(undefined);
        expect(
          event?.extension?.some((x) => x.url.endsWith('/audit-chain')),
          requestId,
        ).to.equal(true);
      }
    } finally {
      await client.close();
    }
  });
});
