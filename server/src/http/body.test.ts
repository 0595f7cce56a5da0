import { expect } from 'chai';
import Koa from 'koa';
import { once } from 'node:events';
import { request, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { gzipSync } from 'node:zlib';
import { OperationOutcomeError } from '../errors/outcome-error.js';
import type { FhirState } from '../middleware/request-context.js';
import { parseBody } from './body.js';

/** The outcome parseBody gives the body of the one request sent, or 'hangs' after `ms`. */
async function outcomeOfAbortedUpload(coding: string, ms = 2000): Promise<string> {
  let settle: (outcome: string) => void = () => undefined;
  const outcome = new Promise<string>((resolve) => (settle = resolve));
  const koa = new Koa<FhirState>();
  koa.silent = true;
  koa.use(async (_ctx, next) => {
    await next().then(
      () => settle('read'),
      (error: unknown) =>
        settle(error instanceof OperationOutcomeError ? (error.outcome.issue?.[0]?.code ?? '') : 'other'),
    );
  });
  koa.use(parseBody(1024 * 1024, { maxDepth: 256, maxStringLength: 1024 * 1024 }));
  const server: Server = koa.listen(0, '127.0.0.1');
  server.on('clientError', (_error, socket) => socket.destroy());
  await once(server, 'listening');
  try {
    const { port } = server.address() as AddressInfo;
    const body = gzipSync(JSON.stringify({ resourceType: 'Patient', id: 'x'.repeat(10_000) }));
    const headers = {
      'Content-Type': 'application/fhir+json',
      'Content-Encoding': coding,
      'Content-Length': body.length,
    };
    const client = request({ port, host: '127.0.0.1', method: 'POST', path: '/fhir/Patient', headers });
    client.on('error', () => undefined);
    client.write(body.subarray(0, Math.floor(body.length / 2)));
    setTimeout(() => client.destroy(), 100);
    const timer = setTimeout(() => settle('hangs'), ms);
    const result = await outcome;
    clearTimeout(timer);
    return result;
  } finally {
    server.closeAllConnections();
    server.close();
  }
}

describe('http.html — a request body that ends early (RFC 9110 §8.4 Content-Encoding)', () => {
  it('an aborted gzip upload is an incomplete outcome, never a request that waits forever (RFC 9110 §8.4.1.3)', async () => {
    expect(await outcomeOfAbortedUpload('gzip')).to.equal('incomplete');
  });
});
