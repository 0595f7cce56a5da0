import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { expect } from 'chai';
import { FhirNotFoundError } from './errors.js';
import { FhirClient } from './fhir-client.js';

/** Proves the client works over the real global fetch and a real socket, not only with fakes. */
describe('FhirClient over real HTTP', () => {
  let server: Server;
  let baseUrl: string;
  const seen: Array<{ method?: string; url?: string; contentType?: string; body: string }> = [];

  before(async () => {
    server = createServer((request, response) => {
      void readBody(request).then((body) => {
        seen.push({ method: request.method, url: request.url, contentType: request.headers['content-type'], body });
        response.setHeader('Content-Type', 'application/fhir+json');
        if (request.url === '/fhir/Patient/missing') {
          response.statusCode = 404;
          response.end(
            JSON.stringify({
              resourceType: 'OperationOutcome',
              issue: [{ severity: 'error', code: 'not-found', diagnostics: 'no such Patient' }],
            }),
          );
          return;
        }
        response.statusCode = 201;
        response.end(JSON.stringify({ ...JSON.parse(body), id: 'new1', meta: { versionId: '1' } }));
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}/fhir`;
  });

  after(async () => {
    await new Promise<void>((resolve, reject) => server.close((error) => (error ? reject(error) : resolve())));
  });

  it('creates a resource and reads a typed 404', async () => {
    const client = new FhirClient({ baseUrl });
    const created = await client.create({ resourceType: 'Patient', active: true });
    expect(created).to.include({ id: 'new1', active: true });
    expect(seen[0]).to.include({ method: 'POST', url: '/fhir/Patient', contentType: 'application/fhir+json' });
    let failure: unknown;
    try {
      await client.read('Patient', 'missing');
    } catch (error) {
      failure = error;
    }
    expect(failure).to.be.instanceOf(FhirNotFoundError).with.property('message', 'no such Patient');
  });
});

async function readBody(request: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of request) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}
