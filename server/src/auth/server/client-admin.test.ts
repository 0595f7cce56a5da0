import { generateKeyPairSync } from 'node:crypto';
import { expect } from 'chai';
import { buildSecurityAuditEvent } from '../../audit/security-audit-event.js';
import type { SecurityAuditInput } from '../../audit/security-event.js';
import { ClientAdmin } from './client-admin.js';
import { MemoryClientRegistry } from './memory-client-registry.js';

const publicJwk = generateKeyPairSync('ec', { namedCurve: 'P-256' }).publicKey.export({ format: 'jwk' });

describe('client registration audit (auditevent.html; DICOM PS3.15 A.5.3.11 User Security Attributes Changed)', () => {
  it('registration (C) and removal (D) name the client, its scope and its fixed patient', async () => {
    const recorded: SecurityAuditInput[] = [];
    const admin = new ClientAdmin({
      registry: new MemoryClientRegistry(),
      rules: { isResourceType: () => true },
      audit: async (input) => void recorded.push(input),
      now: () => new Date('2026-01-01T00:00:00Z'),
      newId: () => 'id-1',
    });
    const meta = { requestId: 'req-1' };
    const body = {
      client_id: 'papp',
      scope: 'patient/*.rs',
      patient: 'A',
      jwks: { keys: [{ ...publicJwk, kid: 'k1' }] },
    };
    await admin.register(body, 'the-admin', meta);
    await admin.remove('papp', 'the-admin', meta);
    const [registered, removed] = recorded.map((input) => buildSecurityAuditEvent(input, 'http://x/fhir'));
    expect([registered?.action, removed?.action]).to.deep.equal(['C', 'D']);
    expect(removed?.subtype?.[0]?.code).to.equal('client-removed');
    for (const event of [registered, removed]) {
      const target = event?.entity?.find((e) => e.role?.code === '11');
      expect(target?.what?.identifier?.value).to.equal('papp');
      expect(target?.detail?.[0]?.valueString).to.equal('patient/*.rs');
      expect(event?.entity?.find((e) => e.role?.code === '1')?.what?.reference).to.equal('Patient/A');
      expect(event?.agent?.[0]?.who?.identifier?.value).to.equal('the-admin');
    }
  });
});
