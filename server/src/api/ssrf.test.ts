import { expect } from 'chai';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { call } from './http-call.js';
import { startTestServer, type TestServer } from './test-server.js';

/**
 * No SSRF from any URL in input (OWASP SSRF; security.html): a canonical URL in a resource, a
 * `$validate` profile, a ValueSet named by `:in`, a reference, a `_include` target or a Bundle's
 * fullUrl is a name the server looks up among what it has loaded or stored — it never fetches
 * it. A listener on loopback stands for an internal service and counts every hit. (The one
 * fetch driven by input, a registered client's `jwks_uri`, goes through net/safe-fetch.ts.)
 */
describe('security.html — no server-side request from URLs in input (SSRF)', () => {
  let server: TestServer;
  let internal: Server;
  let hits = 0;
  let url = '';
  before(async () => {
    internal = createServer((_req, res) => {
      hits += 1;
      res.end('{"resourceType":"StructureDefinition"}');
    });
    await new Promise<void>((resolve) => internal.listen(0, '127.0.0.1', resolve));
    url = `http://127.0.0.1:${(internal.address() as AddressInfo).port}/secret`;
    server = await startTestServer();
  });
  after(async () => {
    await server.close();
    await new Promise((resolve) => internal.close(resolve));
  });

  it('profiles, value sets, references, includes and fullUrls pointing inside are never fetched', async () => {
    const patient = { resourceType: 'Patient', meta: { profile: [url] }, managingOrganization: { reference: url } };
    const created = await call(server, 'POST', 'Patient', { body: patient });
    expect(created.status, created.text).to.be.within(200, 499);
    const parameters = {
      resourceType: 'Parameters',
      parameter: [
        { name: 'resource', resource: { resourceType: 'Patient' } },
        { name: 'profile', valueUri: url },
      ],
    };
    expect((await call(server, 'POST', 'Patient/$validate', { body: parameters })).status).to.be.within(200, 499);
    expect((await call(server, 'GET', `Patient/$validate?profile=${encodeURIComponent(url)}`)).status).to.be.below(500);
    for (const query of [
      `Observation?code:in=${encodeURIComponent(url)}`,
      `Observation?code:below=${encodeURIComponent(url)}|x`,
      `Patient?organization=${encodeURIComponent(url)}`,
      `Patient?_profile=${encodeURIComponent(url)}`,
      `Patient?_include=Patient:organization&organization=${encodeURIComponent(url)}`,
      `ValueSet/$expand?url=${encodeURIComponent(url)}`,
    ])
      expect((await call(server, 'GET', query)).status, query).to.be.below(500);
    const bundle = {
      resourceType: 'Bundle',
      type: 'transaction',
      entry: [{ fullUrl: url, resource: { resourceType: 'Patient' }, request: { method: 'POST', url: 'Patient' } }],
    };
    expect((await call(server, 'POST', '', { body: bundle })).status).to.be.below(500);
    expect(hits).to.equal(0);
  });
});
