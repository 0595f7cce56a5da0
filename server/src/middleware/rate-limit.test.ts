import { expect } from 'chai';
import Koa from 'koa';
import type { AddressInfo } from 'node:net';
import { UNRESTRICTED_ACCESS } from '../auth/access.js';
import { OperationOutcomeError } from '../errors/outcome-error.js';
import { rateLimit } from './rate-limit.js';
import type { FhirState } from './request-context.js';

describe('RFC 6585 §4 — the token bucket per client (middleware/rate-limit.ts)', () => {
  let time = 0;
  let server: ReturnType<Koa['listen']>;
  let url: string;
  before(async () => {
    const koa = new Koa<FhirState>();
    koa.use(async (ctx, next) => {
      try {
        await next();
      } catch (error) {
        ctx.status = error instanceof OperationOutcomeError ? error.status : 500;
      }
    });
    koa.use((ctx, next) => {
      const client = ctx.get('X-Client');
      ctx.state.remoteAddress = ctx.get('X-Address') || '127.0.0.1';
      if (client !== '') ctx.state.access = { ...UNRESTRICTED_ACCESS, clientId: client };
      return next();
    });
    koa.use(rateLimit({ perMinute: 60, burst: 10 }, () => time));
    koa.use((ctx) => void (ctx.body = 'ok'));
    server = koa.listen(0, '127.0.0.1');
    await new Promise((resolve) => server.once('listening', resolve));
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/`;
  });
  after(() => new Promise((resolve) => server.close(resolve)));

  const send = async (headers: Record<string, string>) => {
    const response = await fetch(url, { headers });
    return { status: response.status, retryAfter: response.headers.get('retry-after') };
  };

  it('each client has its own bucket, keyed by client id, else by address; it refills over time', async () => {
    for (let i = 0; i < 10; i++) expect((await send({ 'X-Client': 'app-a' })).status).to.equal(200);
    expect(await send({ 'X-Client': 'app-a' })).to.deep.equal({ status: 429, retryAfter: '1' });
    // Another client behind the same address, and an anonymous caller, are not throttled by app-a.
    expect((await send({ 'X-Client': 'app-b' })).status).to.equal(200);
    expect((await send({})).status).to.equal(200);
    // A client id that looks like an address does not share that address's bucket.
    expect((await send({ 'X-Client': 'address:127.0.0.1' })).status).to.equal(200);
    time += 1000;
    expect((await send({ 'X-Client': 'app-a' })).status).to.equal(200);
    expect((await send({ 'X-Client': 'app-a' })).status).to.equal(429);
    // A pause refills the bucket up to the burst, not past it: 60 a minute, at most 10 at once.
    time += 60_000;
    for (let i = 0; i < 10; i++) expect((await send({ 'X-Client': 'app-a' })).status).to.equal(200);
    expect((await send({ 'X-Client': 'app-a' })).status).to.equal(429);
  });
});
