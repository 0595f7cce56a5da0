import type { Bundle } from '@medplum/fhirtypes';
import { expect } from 'chai';
import { JsonLogger } from '../logging/json-logger.js';
import { call } from './http-call.js';
import { startTestServer, type TestServer } from './test-server.js';

const TOKEN = 'eyJhbGciOiJSUzM4NCJ9.eyJzdWIiOiJzZWNyZXQtY2xpZW50In0.c2lnbmF0dXJlLXNlY3JldA';
const FAMILY = 'Quixotezebulon';
const BIRTH = '1911-11-11';
/** An internal failure whose message quotes PHI and an internal path, as driver errors do. */
const FAILURE = `E11000 duplicate key: { family: "${FAMILY}" } at /work/secret/store.ts:12:3`;

/**
 * No PHI and no tokens in logs (DESIGN "Logs"; security.html: audit, not logs, records access):
 * requests carrying a bearer token and a patient's name run through the real app and its
 * JsonLogger, whose every line is captured; neither the token nor the name, birth date or an
 * internal error message appears. The client's answer to an unknown error carries no stack,
 * no path and no internal message either (http.html#ops).
 */
describe('security.html — no PHI or tokens in logs; no internals in error answers', () => {
  let server: TestServer;
  let lines: string[];
  let failNextWrite = false;
  const writes = { stdout: process.stdout.write, stderr: process.stderr.write };

  before(async () => {
    server = await startTestServer({
      logger: new JsonLogger({ service: 'test' }),
      faultInjector: (step) => {
        if (failNextWrite && step === 'current') throw new Error(FAILURE);
      },
    });
  });
  after(() => server.close());
  beforeEach(() => {
    lines = [];
    const capture = (chunk: string | Uint8Array): boolean => {
      lines.push(String(chunk));
      return true;
    };
    process.stdout.write = capture as typeof process.stdout.write;
    process.stderr.write = capture as typeof process.stderr.write;
  });
  afterEach(() => {
    process.stdout.write = writes.stdout;
    process.stderr.write = writes.stderr;
    failNextWrite = false;
  });

  const headers = { Authorization: `Bearer ${TOKEN}` };
  const patient = { resourceType: 'Patient', name: [{ family: FAMILY }], birthDate: BIRTH };
  const expectClean = () => {
    const log = lines.join('');
    expect(lines.length, 'the requests were logged').to.be.greaterThan(0);
    for (const secret of [TOKEN, 'Bearer', FAMILY, FAMILY.toLowerCase(), BIRTH, 'E11000', '/work/secret'])
      expect(log, secret).not.to.contain(secret);
  };

  it('creates, searches, reads, refusals and batches log ids and statuses only', async () => {
    const created = await call(server, 'POST', 'Patient', { body: patient, headers });
    expect(created.status).to.equal(201);
    const found = await call<Bundle>(server, 'GET', `Patient?name=${FAMILY}&birthdate=${BIRTH}`, { headers });
    expect(found.body?.entry).to.have.length(1);
    await call(server, 'POST', 'Patient/_search', {
      body: `family=${FAMILY}`,
      headers: { ...headers, 'Content-Type': 'application/x-www-form-urlencoded' },
    });
    expect((await call(server, 'GET', `Patient/${created.body?.id}`, { headers })).status).to.equal(200);
    // Refused input that quotes the name: the diagnostics go to the client, not to the log.
    const refused = await call(server, 'POST', 'Patient', { body: { ...patient, colour: FAMILY }, headers });
    expect(refused.status).to.equal(400);
    expect((await call(server, 'GET', `Patient?_sort=${FAMILY}`, { headers })).status).to.equal(400);
    const batch = {
      resourceType: 'Bundle',
      type: 'batch',
      entry: [{ resource: { ...patient, birthDate: 'x' }, request: { method: 'POST', url: 'Patient' } }],
    };
    expect((await call(server, 'POST', '', { body: batch, headers })).status).to.equal(200);
    expectClean();
  });

  it('an unknown error is a 500 OperationOutcome without stack, path or message; the log has no PHI either', async () => {
    failNextWrite = true;
    const failed = await call(server, 'POST', 'Patient', { body: patient, headers });
    expect(failed.status).to.equal(500);
    expect(failed.body?.resourceType).to.equal('OperationOutcome');
    for (const leak of [/\bat .+:\d+:\d+/, /\.(?:ts|js):\d+/, /\/work\//, /E11000/, new RegExp(FAMILY)])
      expect(failed.text).not.to.match(leak);
    expect(failed.headers.get('x-request-id')).to.be.a('string');
    expectClean();
    // The log keeps what an operator needs to find the fault: the error's kind and its frames.
    const entry = lines.map(
      (line) => JSON.parse(line) as { message: string; error?: { name?: string; frames?: string[] } },
    );
    const unhandled = entry.find((line) => line.message === 'unhandled error');
    expect(unhandled?.error?.name).to.equal('Error');
    expect(unhandled?.error?.frames?.length).to.be.greaterThan(0);
  });
});
