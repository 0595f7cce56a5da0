import type { OperationDefinition } from '@medplum/fhirtypes';
import { NEXUS_NAMESPACE } from '../../audit/balp-codes.js';

const out = (name: string, type: string, min: number, max: string, documentation: string) => ({
  name,
  use: 'out' as const,
  min,
  max,
  type,
  documentation,
});

/** AuditEvent/$verify-chain, this server's own operation (operationdefinition.html). */
export const VERIFY_CHAIN_DEFINITION: OperationDefinition = {
  resourceType: 'OperationDefinition',
  id: 'AuditEvent-verify-chain',
  url: `${NEXUS_NAMESPACE}/OperationDefinition/AuditEvent-verify-chain`,
  name: 'VerifyAuditChain',
  title: 'Verify the AuditEvent hash chain',
  status: 'active',
  kind: 'operation',
  code: 'verify-chain',
  resource: ['AuditEvent'],
  system: false,
  type: true,
  instance: false,
  affectsState: false,
  description:
    'Walks the hash chain of every AuditEvent from sequence 1 and reports the first break: a sequence ' +
    'whose event or ledger link is gone (missing), an event or link that does not follow the one before ' +
    '(out-of-order), or an event that no longer hashes to what the chain recorded (altered). Only for ' +
    'the auditor and admin roles.',
  parameter: [
    out('valid', 'boolean', 1, '1', 'True when no break was found'),
    out('checked', 'integer', 1, '1', 'AuditEvents verified'),
    out('lastSequence', 'decimal', 1, '1', 'The last sequence number verified (0: none)'),
    out('lastHash', 'string', 1, '1', 'Its hash: note it down to detect a truncated tail later'),
    out('voidedCount', 'integer', 1, '1', 'Links of units that failed and were rolled back'),
    out('pendingFrom', 'decimal', 0, '1', 'Where the walk stopped before links still being committed'),
    {
      name: 'break',
      use: 'out',
      min: 0,
      max: '1',
      documentation: 'The first break',
      part: [
        out('sequence', 'decimal', 1, '1', 'Its sequence number'),
        out('reason', 'code', 1, '1', 'altered | missing | out-of-order'),
        out('detail', 'string', 1, '1', 'What was found'),
      ],
    },
  ],
};
