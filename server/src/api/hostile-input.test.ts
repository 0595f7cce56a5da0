import type { Bundle, BundleEntry, Patient } from '@medplum/fhirtypes';
import { expect } from 'chai';
import { call, created } from './http-call.js';
import { expectOutcome, storedState } from './outcome-assertions.js';
import { startTestServer, type TestServer } from './test-server.js';

const deep = (depth: number, leaf = '1') => '['.repeat(depth) + leaf + ']'.repeat(depth);
const post = (server: TestServer, path: string, body: unknown) => call(server, 'POST', path, { body });

/**
 * Hostile and broken input (http.html#ops: errors are OperationOutcomes with a 4xx status).
 * After every test the stored state must be what it was before: a rejected request writes
 * nothing, and nothing the suite sends may reach a 500.
 */
describe('http.html#ops — hostile input', () => {
  let server: TestServer;
  let patient: Patient & { id: string };
  let stored: string[];
  before(async () => {
    server = await startTestServer();
    patient = await created<Patient>(server, { resourceType: 'Patient', active: true });
  });
  beforeEach(async () => (stored = await storedState(server.store)));
  afterEach(async () => expect(await storedState(server.store)).to.deep.equal(stored));
  after(() => server.close());

  describe('bodies', () => {
    it('malformed JSON is 400', async () => {
      expectOutcome(await post(server, 'Patient', '{"resourceType": "Patient",'), 400);
      expectOutcome(await post(server, 'Patient', '\uFEFF{"resourceType":'), 400);
    });

    it('a JSON array, a string, a number or null as the body is 400', async () => {
      for (const body of ['[]', '[{"resourceType":"Patient"}]', '"Patient"', '42', 'null']) {
        expectOutcome(await post(server, 'Patient', body), 400);
        expectOutcome(await call(server, 'PUT', `Patient/${patient.id}`, { body }), 400);
        expectOutcome(await post(server, '', body), 400);
      }
    });

    it('an empty body on create is 400', async () => {
      expectOutcome(
        await call(server, 'POST', 'Patient', { headers: { 'Content-Type': 'application/fhir+json' } }),
        400,
      );
    });

    it('a 10 000-deep nested array is 400, as the body and inside a resource', async () => {
      expectOutcome(await post(server, 'Patient', deep(10_000)), 400);
      expectOutcome(await post(server, 'Patient', `{"resourceType":"Patient","extension":${deep(10_000)}}`), 400);
      const object = '{"a":'.repeat(10_000) + '1' + '}'.repeat(10_000);
      expectOutcome(await post(server, 'Patient', `{"resourceType":"Patient","extension":[${object}]}`), 400);
    });

    it('deep nesting inside batch and transaction entries is a 400, never a 500', async () => {
      const bundleOf = (type: string, depth: number) => {
        const resource = `{"resourceType":"Patient","extension":${deep(depth, '{"reference":"urn:uuid:x"}')}}`;
        return `{"resourceType":"Bundle","type":"${type}","entry":[{"resource":${resource},"request":{"method":"POST","url":"Patient"}}]}`;
      };
      for (const type of ['batch', 'transaction']) expectOutcome(await post(server, '', bundleOf(type, 10_000)), 400);
      expectOutcome(await post(server, '', bundleOf('transaction', 240)), 400);
      const batch = await call<Bundle>(server, 'POST', '', { body: bundleOf('batch', 240) });
      expect(batch.status, batch.text).to.equal(200);
      expect(batch.body?.entry?.[0]?.response?.status).to.match(/^400/);
    });

    it('a resource too large to index (130 000 names) is 413, not a 500', async () => {
      const given = Array.from({ length: 130_000 }, (_, i) => `g${i}`);
      expectOutcome(await post(server, 'Patient', JSON.stringify({ resourceType: 'Patient', name: [{ given }] })), 413);
    });

    it('a body over the limit is 413', async () => {
      const small = await startTestServer({ bodyLimitBytes: 1024 });
      try {
        const body = { resourceType: 'Patient', name: [{ text: 'x'.repeat(4096) }] };
        const refused = await call(small, 'POST', 'Patient', { body });
        expectOutcome(refused, 413);
        // The unread rest of the body would spoil a kept-alive connection: it is closed.
        expect(refused.headers.get('connection')).to.equal('close');
        expect((await call(small, 'GET', 'metadata')).status).to.equal(200);
        expect(await storedState(small.store)).to.deep.equal([]);
      } finally {
        await small.close();
      }
    });

    it('__proto__ and constructor keys neither pollute nor get stored', async () => {
      const polluted =
        '{"resourceType":"Patient","__proto__":{"polluted":true},"constructor":{"prototype":{"polluted":true}}}';
      expectOutcome(await post(server, 'Patient', polluted), 400);
      const bundle = `{"resourceType":"Bundle","type":"transaction","__proto__":{"type":"batch"},"entry":[{"__proto__":{"request":{"method":"DELETE","url":"Patient/${patient.id}"}}}]}`;
      expectOutcome(await post(server, '', bundle), 400);
      expect(({} as Record<string, unknown>).polluted).to.equal(undefined);
    });

    it('a resourceType naming an Object.prototype key (__proto__, constructor, toString) is 400 on every write', async () => {
      for (const resourceType of ['__proto__', 'constructor', 'toString', 'hasOwnProperty']) {
        const body = { resourceType, id: patient.id };
        expectOutcome(await call(server, 'PUT', `Patient/${patient.id}`, { body }), 400);
        expectOutcome(await call(server, 'PUT', 'Patient?identifier=x', { body }), 400);
        expectOutcome(await post(server, 'Patient', body), 400);
        expectOutcome(await post(server, resourceType, body), 404);
      }
    });

    it('a narrative with a script, an event attribute or a javascript: URL is 400, wherever it sits (narrative.html#xhtml)', async () => {
      const div = (inner: string) => `<div xmlns="http://www.w3.org/1999/xhtml">${inner}</div>`;
      const text = (inner: string) => ({ status: 'generated', div: div(inner) });
      const script = text('<script>alert(1)</script>');
      const cases: Array<[string, unknown, string]> = [
        ['Patient', { resourceType: 'Patient', text: script }, 'Patient.text.div'],
        [
          'Patient',
          { resourceType: 'Patient', text: text('<img src="x.png" onerror="alert(1)"/>') },
          'Patient.text.div',
        ],
        ['Patient', { resourceType: 'Patient', text: text('<a href="javascript:alert(1)">x</a>') }, 'Patient.text.div'],
        [
          'Patient',
          { resourceType: 'Patient', contained: [{ resourceType: 'Organization', id: 'o', text: script }] },
          'Patient.contained[0].text.div',
        ],
        [
          '',
          {
            resourceType: 'Bundle',
            type: 'transaction',
            entry: [
              { resource: { resourceType: 'Patient', text: script }, request: { method: 'POST', url: 'Patient' } },
            ],
          },
          'Bundle.entry[0].resource.text.div',
        ],
      ];
      for (const [path, body, expression] of cases) {
        const outcome = expectOutcome(await post(server, path, body), 400);
        expect(outcome.issue?.map((issue) => issue.expression?.[0])).to.include(expression);
      }
      expectOutcome(await call(server, 'PUT', `Patient/${patient.id}`, { body: { ...patient, text: script } }), 400);
    });
  });

  describe('URLs', () => {
    it('an unknown resource type is 404, for every interaction', async () => {
      expectOutcome(await call(server, 'GET', 'Nonsense/1'), 404);
      expectOutcome(await call(server, 'GET', 'Nonsense?name=x'), 404);
      expectOutcome(await post(server, 'Nonsense', { resourceType: 'Nonsense' }), 404);
      expectOutcome(await call(server, 'PUT', 'Nonsense/1', { body: { resourceType: 'Nonsense', id: '1' } }), 404);
      expectOutcome(await call(server, 'DELETE', 'Nonsense/1'), 404);
      expectOutcome(await call(server, 'GET', '__proto__/1'), 404);
      expectOutcome(await call(server, 'GET', 'constructor/_history'), 404);
    });

    it('ids with illegal characters are 400 on writes and 404 (or 400) on reads, never a 500', async () => {
      for (const id of ['a_b', 'a%20b', 'a%2Fb', 'x'.repeat(65), '%E2%82%AC', '%00']) {
        const put = await call(server, 'PUT', `Patient/${id}`, {
          body: { resourceType: 'Patient', id: decodeURIComponent(id) },
        });
        expectOutcome(put, 400);
        const read = await call(server, 'GET', `Patient/${id}`);
        expect([400, 404], id).to.include(read.status);
        expectOutcome(read, read.status);
        expectOutcome(await call(server, 'GET', `Patient/${id}/_history/1`), read.status);
      }
    });

    it('a URL that is no interaction is 404; a method the URL does not take is 405', async () => {
      expectOutcome(await call(server, 'GET', `Patient/${patient.id}/_history/1/more`), 404);
      expectOutcome(await call(server, 'PATCH', `Patient/${patient.id}/_history`, { body: [] }), 405);
      expectOutcome(await call(server, 'DELETE', `Patient/${patient.id}/_history`), 405);
      expectOutcome(await call(server, 'GET', 'nothing-here', { headers: { Accept: 'text/html' } }), 406);
    });

    it('a method the server does not implement (PROPFIND) is a 501 OperationOutcome', async () => {
      const result = await call(server, 'PROPFIND', 'Patient');
      expect(result.status).to.equal(501);
      expect(result.body?.resourceType).to.equal('OperationOutcome');
    });
  });

  describe('search and history parameters', () => {
    it('_count=-1 and _count=abc are 400; _count=99999999 is capped, not an error', async () => {
      expectOutcome(await call(server, 'GET', 'Patient?_count=-1'), 400);
      expectOutcome(await call(server, 'GET', 'Patient?_count=abc'), 400);
      const huge = await call<Bundle>(server, 'GET', 'Patient?_count=99999999');
      expect(huge.status).to.equal(200);
      expect(huge.body?.entry?.length).to.be.at.most(1000);
    });

    it('history _count=-1, abc and 99999999 are answered, never a 500', async () => {
      for (const count of ['-1', 'abc', '99999999', '1e400']) {
        const result = await call<Bundle>(server, 'GET', `Patient/_history?_count=${count}`);
        if (result.status === 200) expect(result.body?.type).to.equal('history');
        else expectOutcome(result, 400);
      }
    });

    it('garbage dates are 400 (search.html#date)', async () => {
      expectOutcome(await call(server, 'GET', 'Patient?_lastUpdated=garbage'), 400);
      expectOutcome(await call(server, 'GET', 'Patient?birthdate=2020-13-45'), 400);
      expectOutcome(await call(server, 'GET', 'Patient?birthdate=2020-02-30'), 400);
      expectOutcome(await call(server, 'GET', 'Patient?birthdate=xx2020'), 400);
      expectOutcome(await call(server, 'GET', '_history?_since=2020-13-45T00:00:00Z'), 400);
    });

    it('hostile search values do not break the matcher', async () => {
      for (const query of [
        'name=.*',
        'name=%5B',
        'name=(',
        '_id=%24where',
        'identifier=%7C%7C%7C',
        'name:contains=*',
        '_sort=__proto__',
      ]) {
        const result = await call(server, 'GET', `Patient?${query}`);
        if (result.status !== 200) expectOutcome(result, 400);
      }
    });
  });

  describe('batch and transaction bundles', () => {
    const send = (type: 'batch' | 'transaction', entry: unknown[]) =>
      post(server, '', { resourceType: 'Bundle', type, entry });

    it('a Bundle with no entries answers an empty response Bundle', async () => {
      for (const type of ['batch', 'transaction'] as const) {
        const result = await call<Bundle>(server, 'POST', '', { body: { resourceType: 'Bundle', type } });
        expect(result.status, result.text).to.equal(200);
        expect(result.body?.type).to.equal(`${type}-response`);
        expect(result.body?.entry ?? []).to.deep.equal([]);
      }
    });

    const broken: Array<[string, BundleEntry | unknown]> = [
      ['an entry without request', { resource: { resourceType: 'Patient' } }],
      [
        'an entry with an unknown method',
        { resource: { resourceType: 'Patient' }, request: { method: 'FROB', url: 'Patient' } },
      ],
      ['an entry whose url names no interaction', { request: { method: 'GET', url: 'Patient/1/2/3/4' } }],
      [
        'a nested Bundle',
        { resource: { resourceType: 'Bundle', type: 'batch' }, request: { method: 'POST', url: '/' } },
      ],
      ['an entry that is not an object', 'Patient'],
      ['an entry with a non-string url', { request: { method: 'GET', url: 42 } }],
    ];
    for (const [what, entry] of broken) {
      it(`${what}: the batch answers 4xx for that entry and runs the others`, async () => {
        const result = await call<Bundle>(server, 'POST', '', {
          body: {
            resourceType: 'Bundle',
            type: 'batch',
            entry: [entry, { request: { method: 'GET', url: `Patient/${patient.id}` } }],
          },
        });
        expect(result.status, result.text).to.equal(200);
        expect(result.body?.entry?.[0]?.response?.status).to.match(/^4\d\d/);
        expect(result.body?.entry?.[0]?.response?.outcome?.resourceType).to.equal('OperationOutcome');
        expect(result.body?.entry?.[1]?.response?.status).to.match(/^200/);
      });

      it(`${what}: the transaction is rejected with 400`, async () => {
        expectOutcome(
          await send('transaction', [
            { resource: { resourceType: 'Patient' }, request: { method: 'POST', url: 'Patient' } },
            entry,
          ]),
          400,
        );
      });
    }

    it('entry that is not an array is 400', async () => {
      expectOutcome(await post(server, '', { resourceType: 'Bundle', type: 'batch', entry: {} }), 400);
      expectOutcome(await post(server, '', { resourceType: 'Bundle', type: 'transaction', entry: 'x' }), 400);
    });

    it('a transaction with a urn:uuid reference to nowhere is 400', async () => {
      const observation = {
        resourceType: 'Observation',
        status: 'final',
        code: { text: 'x' },
        subject: { reference: 'urn:uuid:9d3b6b1e-0000-4000-8000-000000000000' },
      };
      expectOutcome(
        await send('transaction', [{ resource: observation, request: { method: 'POST', url: 'Observation' } }]),
        400,
      );
    });
  });
});
