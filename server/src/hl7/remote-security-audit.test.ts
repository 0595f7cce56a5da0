import type { AuditEvent, Bundle } from '@medplum/fhirtypes';
import { FhirClient } from '@nexushealth/sdk';
import { expect } from 'chai';
import { startTestServer, type TestServer } from '../api/test-server.js';
import { mllpRefusalAudit } from './mllp-listener.js';
import { remoteSecurityAudit } from './remote-security-audit.js';

/** ROLE=mllp has no API of its own: its refusals reach the API's trail as AuditEvent creates (http.html#create). */
describe('MLLP refusals audited through the FHIR API (ROLE=mllp)', () => {
  let server: TestServer;
  before(async () => (server = await startTestServer({ auth: true })));
  after(() => server.close());

  it('a refusal becomes an AuditEvent on the API, created with the delivery client’s token', async () => {
    const token = await server.token({ scope: 'system/*.cruds', roles: ['auditor'], clientId: 'mllp-process' });
    const client = new FhirClient({ baseUrl: server.baseUrl, headers: { Authorization: `Bearer ${token}` } });
    const audit = remoteSecurityAudit(client, server.baseUrl);
    await audit(mllpRefusalAudit({ reason: 'peer-not-allowed', address: '192.0.2.7' }, new Date(), 'req-mllp-1'));
    const found = await client.search('AuditEvent', { _count: '100' });
    const event = ((found as Bundle).entry ?? [])
      .map((e) => e.resource as AuditEvent)
      .find((e) => e.outcomeDesc === 'MLLP connection refused: peer-not-allowed');
    expect(event?.type?.code).to.equal('110113');
    expect(event?.agent.some((agent) => agent.network?.address === '192.0.2.7')).to.equal(true);
  });
});
