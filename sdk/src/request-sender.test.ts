import { expect } from 'chai';
import { fakeFetch, hang, json, outcome } from './__test__/fake-fetch.js';
import { FhirClientError, FhirConnectionError, FhirInvalidRequestError, FhirServerError } from './errors.js';
import { RequestSender } from './request-sender.js';

const URL_ = 'https://fhir.test/R4/Patient/p1';
const patient = { resourceType: 'Patient', id: 'p1' };
const busy = json(503, outcome('transient', 'busy'), { 'Retry-After': '1' });

async function rejection(promise: Promise<unknown>): Promise<unknown> {
  try {
    await promise;
  } catch (error) {
    return error;
  }
  throw new Error('expected a rejection');
}

describe('RequestSender', () => {
  it('retries a 503 after the Retry-After seconds, then returns the body', async () => {
    const fake = fakeFetch(busy, json(200, patient));
    const sender = new RequestSender({ baseUrl: 'x', fetch: fake.fetch });
    const started = Date.now();
    const body = await sender.send({ method: 'GET', url: URL_, idempotent: true });
    expect(body).to.deep.equal(patient);
    expect(fake.requests).to.have.length(2);
    expect(Date.now() - started).to.be.at.least(950);
  });

  it('gives up after the configured retries with the typed error', async () => {
    const fake = fakeFetch(json(429, outcome('throttled', 'slow down'), { 'Retry-After': '0' }));
    const sender = new RequestSender({ baseUrl: 'x', fetch: fake.fetch, retries: 3 });
    const error = await rejection(sender.send({ method: 'GET', url: URL_, idempotent: true }));
    expect(error).to.be.instanceOf(FhirClientError).with.property('status', 429);
    expect(fake.requests).to.have.length(4);
  });

  it('does not retry a 400', async () => {
    const fake = fakeFetch(json(400, outcome('invalid', 'bad _count')));
    const sender = new RequestSender({ baseUrl: 'x', fetch: fake.fetch });
    const error = await rejection(sender.send({ method: 'GET', url: URL_, idempotent: true }));
    expect(error).to.be.instanceOf(FhirInvalidRequestError).with.property('message', 'bad _count');
    expect(fake.requests).to.have.length(1);
  });

  it('does not retry a request that is not idempotent', async () => {
    const fake = fakeFetch(json(503, outcome('transient', 'busy'), { 'Retry-After': '0' }));
    const sender = new RequestSender({ baseUrl: 'x', fetch: fake.fetch });
    const error = await rejection(sender.send({ method: 'POST', url: URL_, body: patient, idempotent: false }));
    expect(error).to.be.instanceOf(FhirServerError);
    expect(fake.requests).to.have.length(1);
  });

  it('retries a 429 even for a request that is not idempotent: it was not processed (RFC 6585 §4)', async () => {
    const fake = fakeFetch(json(429, outcome('throttled', 'slow down'), { 'Retry-After': '0' }), json(201, patient));
    const sender = new RequestSender({ baseUrl: 'x', fetch: fake.fetch });
    const body = await sender.send({ method: 'POST', url: URL_, body: patient, idempotent: false });
    expect(body).to.deep.equal(patient);
    expect(fake.requests).to.have.length(2);
  });

  it('passes on a Retry-After longer than its cap at once', async () => {
    const fake = fakeFetch(json(503, outcome('transient', 'maintenance'), { 'Retry-After': '3600' }));
    const sender = new RequestSender({ baseUrl: 'x', fetch: fake.fetch });
    const error = await rejection(sender.send({ method: 'GET', url: URL_, idempotent: true }));
    expect(error).to.be.instanceOf(FhirServerError);
    expect(fake.requests).to.have.length(1);
  });

  it('turns a timeout into a FhirConnectionError with status 0, without retrying', async () => {
    const fake = fakeFetch(hang());
    const sender = new RequestSender({ baseUrl: 'x', fetch: fake.fetch, timeoutMs: 50 });
    const error = await rejection(sender.send({ method: 'GET', url: URL_, idempotent: true }));
    expect(error).to.be.instanceOf(FhirConnectionError).with.property('status', 0);
    expect((error as Error).message).to.contain('timed out after 50 ms');
    expect(fake.requests).to.have.length(1);
  });

  it('retries a network failure of an idempotent request', async () => {
    const refused = (): Response => {
      throw new TypeError('fetch failed');
    };
    const fake = fakeFetch(refused, json(200, patient));
    const sender = new RequestSender({ baseUrl: 'x', fetch: fake.fetch });
    expect(await sender.send({ method: 'DELETE', url: URL_, idempotent: true })).to.deep.equal(patient);
    expect(fake.requests).to.have.length(2);
  });

  it('rejects a 2xx body that is not JSON', async () => {
    const fake = fakeFetch(() => new Response('<html>', { status: 200 }));
    const sender = new RequestSender({ baseUrl: 'x', fetch: fake.fetch });
    const error = await rejection(sender.send({ method: 'GET', url: URL_, idempotent: true }));
    expect(error).to.be.instanceOf(FhirClientError).with.property('status', 200);
  });
});
