import { MemoryInbox, type InboxOutcome, type ReceivedMessage } from '@nexushealth/adapters';
import type { OperationOutcome } from '@medplum/fhirtypes';
import { expect } from 'chai';
import { startTestServer, type TestServer } from '../../api/test-server.js';
import { Hl7InboxApi } from '../inbox-api.js';
import { HL7_ER7, Hl7HttpIngest, type Hl7Receive } from '../message-ingest.js';
import { hl7Routes } from './hl7-routes.js';

const silent = { info: () => undefined, warn: () => undefined, error: () => undefined };
const message = (n: number, fields: Partial<ReceivedMessage> = {}): ReceivedMessage => ({
  raw: `MSH|^~\\&|LAB|NORTH|NH|NH|20260101||ADT^A08|C${n}|P|2.5.1\rPID|1||123^^^NORTH\r`,
  key: `LAB^NORTH^C${n}`,
  sender: { transport: 'http' },
  controlId: `C${n}`,
  orderKey: 'urn:nexushealth:hl7v2:NORTH|123',
  ...fields,
});
const dead: InboxOutcome = { status: 'dead-lettered', ack: 'MSH|^~\\&|NH\rMSA|AE|C1\r', ackCode: 'AE', error: 'down' };

/** HL7 over HTTP (hapifhir.github.io/hapi-hl7v2/hapi-hl7overhttp/specification.html) and the inbox API. */
describe('HL7 v2 over HTTP and the inbox API (/hl7v2)', () => {
  let server: TestServer;
  let inbox: MemoryInbox;
  let queued: string[];
  let receive: Hl7Receive;
  const url = (path: string) => server.baseUrl.replace(/\/fhir$/, `/hl7v2/${path}`);
  const post = (path: string, body: string, type = HL7_ER7) =>
    fetch(url(path), { method: 'POST', headers: { 'Content-Type': type }, body });
  const outcome = async (response: Response) => ((await response.json()) as OperationOutcome).issue[0];

  beforeEach(async () => {
    inbox = new MemoryInbox();
    queued = [];
    receive = async (payload) => `MSH|^~\\&|NH\rMSA|AA|${payload.toString('latin1').split('|')[9] ?? ''}\r`;
    const api = new Hl7InboxApi(inbox, async (id) => void queued.push(id), silent);
    const ingest = new Hl7HttpIngest((payload, sender) => receive(payload, sender), silent);
    const audit = { audit: async () => undefined, logger: silent, now: () => new Date() };
    server = await startTestServer({ extraRouters: [hl7Routes({ ingest, api, bodyLimitBytes: 4096, audit })] });
  });
  afterEach(() => server.close());

  /** Stores a message and, with an outcome, finishes it as a worker would. */
  const stored = async (n: number, finished?: InboxOutcome) => {
    const { entry } = await inbox.receive(message(n));
    if (finished === undefined) return entry;
    await inbox.claim(entry.id, 'w', 60_000);
    await inbox.complete(entry.id, 'w', finished);
    return entry;
  };

  describe('POST /hl7v2/messages (HL7 over HTTP §2.4 content type, §2.6 response codes)', () => {
    it('answers 200 with the ACK in the media type of the request, ER7 or text/plain', async () => {
      for (const type of [HL7_ER7, 'text/plain']) {
        const response = await post('messages', message(1).raw, `${type}; charset=utf-8`);
        expect(response.status).to.equal(200);
        expect(response.headers.get('content-type')).to.match(new RegExp(`^${type.replace('+', '\\+')}`));
        expect(await response.text()).to.equal('MSH|^~\\&|NH\rMSA|AA|C1\r');
      }
    });

    it('answers 204 without a body when no ACK is to be sent (enhanced mode, MSH-15 NE)', async () => {
      receive = async () => undefined;
      const response = await post('messages', message(1).raw);
      expect(response.status).to.equal(204);
      expect(await response.text()).to.equal('');
    });

    it('refuses other media types with 415 and an OperationOutcome at Content-Type', async () => {
      const response = await post('messages', message(1).raw, 'application/json');
      expect(response.status).to.equal(415);
      expect(await outcome(response)).to.deep.include({ code: 'not-supported', expression: ['Content-Type'] });
    });

    it('refuses an empty body (400) and one past the body limit (413)', async () => {
      expect((await post('messages', '  ')).status).to.equal(400);
      const response = await post('messages', `${message(1).raw}${'OBX|1|TX|||x\r'.repeat(400)}`);
      expect(response.status).to.equal(413);
      expect(await outcome(response)).to.deep.include({ code: 'too-long' });
    });

    it('answers 503 transient when the message could not be stored (the sender sends it again)', async () => {
      receive = () => Promise.reject(new Error('inbox down'));
      const response = await post('messages', message(1).raw);
      expect(response.status).to.equal(503);
      expect(await outcome(response)).to.deep.include({ code: 'transient' });
    });
  });

  describe('GET /hl7v2/inbox, /hl7v2/inbox/{id}, /hl7v2/dead-letters', () => {
    it('lists entries by seq without the raw message or patient key (PHI), unless _include=raw', async () => {
      await stored(1);
      await stored(2, dead);
      const list = (await (await fetch(url('inbox'))).json()) as { entries: Record<string, unknown>[] };
      expect(list.entries.map((e) => e['controlId'])).to.deep.equal(['C1', 'C2']);
      for (const entry of list.entries) expect(entry).to.not.have.any.keys('raw', 'orderKey');
      const full = (await (await fetch(url('inbox?_include=raw'))).json()) as { entries: Record<string, unknown>[] };
      expect(full.entries[0]).to.include({ raw: message(1).raw, orderKey: message(1).orderKey });
    });

    it('filters by status, pages with _count and after (next)', async () => {
      for (let n = 1; n <= 3; n++) await stored(n);
      const first = (await (await fetch(url('inbox?status=received&_count=2'))).json()) as {
        entries: { controlId: string }[];
        next: number;
      };
      expect(first.entries.map((e) => e.controlId)).to.deep.equal(['C1', 'C2']);
      const rest = (await (await fetch(url(`inbox?status=received&_count=2&after=${first.next}`))).json()) as {
        entries: { controlId: string }[];
        next?: number;
      };
      expect(rest.entries.map((e) => e.controlId)).to.deep.equal(['C3']);
      expect(rest.next).to.equal(undefined);
    });

    it('refuses a bad status, _count or repeated parameter with 400 at the parameter', async () => {
      for (const [query, expression] of [
        ['status=done', 'status'],
        ['_count=0', '_count'],
        ['after=-1', 'after'],
        ['_include=all', '_include'],
        ['status=received&status=failed', 'status'],
      ]) {
        const response = await fetch(url(`inbox?${query}`));
        expect(response.status, query).to.equal(400);
        expect(await outcome(response), query).to.deep.include({ expression: [expression] });
      }
    });

    it('reads one entry with its raw message; an unknown id is a 404 OperationOutcome', async () => {
      const entry = await stored(1);
      const read = (await (await fetch(url(`inbox/${entry.id}`))).json()) as Record<string, unknown>;
      expect(read).to.include({ id: entry.id, raw: message(1).raw, status: 'received' });
      const missing = await fetch(url('inbox/nope'));
      expect(missing.status).to.equal(404);
      expect(await outcome(missing)).to.deep.include({ code: 'not-found' });
    });

    it('lists only dead letters under /dead-letters', async () => {
      await stored(1);
      await stored(2, dead);
      const list = (await (await fetch(url('dead-letters'))).json()) as { entries: { controlId: string }[] };
      expect(list.entries.map((e) => e.controlId)).to.deep.equal(['C2']);
    });
  });

  describe('POST /hl7v2/inbox/{id}/$replay, /hl7v2/dead-letters/$replay (reset + queue)', () => {
    it('replays a final entry: back to received, queued, 202', async () => {
      const entry = await stored(1, dead);
      const response = await fetch(url(`inbox/${entry.id}/$replay`), { method: 'POST' });
      expect(response.status).to.equal(202);
      expect(await response.json()).to.include({ id: entry.id, status: 'received', attempts: 0 });
      expect(queued).to.deep.equal([entry.id]);
    });

    it('refuses to replay an entry that is not final (409) and an unknown one (404)', async () => {
      const entry = await stored(1);
      expect((await fetch(url(`inbox/${entry.id}/$replay`), { method: 'POST' })).status).to.equal(409);
      expect((await fetch(url('inbox/nope/$replay'), { method: 'POST' })).status).to.equal(404);
      expect(queued).to.deep.equal([]);
    });

    it('replays every dead letter, or those named by ids (others skipped with the reason)', async () => {
      const a = await stored(1, dead);
      const b = await stored(2, dead);
      const live = await stored(3);
      const some = await post(
        'dead-letters/$replay',
        JSON.stringify({ ids: [a.id, live.id, 'nope'] }),
        'application/json',
      );
      expect(some.status).to.equal(202);
      const result = (await some.json()) as { replayed: { id: string }[]; skipped: { id: string; reason: string }[] };
      expect(result.replayed.map((e) => e.id)).to.deep.equal([a.id]);
      expect(result.skipped).to.deep.equal([
        { id: live.id, reason: 'status is received' },
        { id: 'nope', reason: 'no such entry' },
      ]);
      const all = await fetch(url('dead-letters/$replay'), { method: 'POST' });
      expect(((await all.json()) as { replayed: { id: string }[] }).replayed.map((e) => e.id)).to.deep.equal([b.id]);
      expect(queued).to.deep.equal([a.id, b.id]);
    });

    it('refuses a replay body that is not {"ids": [strings]} (400 at ids) or not JSON (415)', async () => {
      const bad = await post('dead-letters/$replay', JSON.stringify({ ids: 'all' }), 'application/json');
      expect(bad.status).to.equal(400);
      expect(await outcome(bad)).to.deep.include({ expression: ['ids'] });
      expect((await post('dead-letters/$replay', 'ids=1', 'application/x-www-form-urlencoded')).status).to.equal(415);
    });
  });
});
