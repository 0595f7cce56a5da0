import type { OperationDefinition } from '@medplum/fhirtypes';
import { NEXUS_NAMESPACE } from '../../audit/balp-codes.js';

/** The most sequences one request walks: a page, so one request cannot walk an unbounded chain. */
export const MAX_COUNT = 5000;

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
    'Walks the hash chain of the AuditEvents from `from` over at most `count` sequences (default and ' +
    `most ${MAX_COUNT}) and reports every break: a sequence ` +
    'whose event or ledger link is gone (missing), an event or link that does not follow the one before ' +
    '(out-of-order), an event that no longer hashes to what the chain recorded (altered), or a link claimed ' +
    'whose events were never stored (gap: a process died or a write failed after claiming). Continue with ' +
    "`from` = the answer's nextFrom. Only for the auditor and admin roles.",
  parameter: [
    { name: 'from', use: 'in', min: 0, max: '1', type: 'positiveInt', documentation: 'First sequence (default 1)' },
    {
      name: 'count',
      use: 'in',
      min: 0,
      max: '1',
      type: 'positiveInt',
      documentation: `Sequences to walk at most (default and most ${MAX_COUNT})`,
    },
    out('valid', 'boolean', 1, '1', 'True when no break was found'),
    out('checked', 'integer', 1, '1', 'AuditEvents verified'),
    out('lastSequence', 'decimal', 1, '1', 'The last sequence number verified (0: none)'),
    out('lastHash', 'string', 1, '1', 'Its hash: note it down to detect a truncated tail later'),
    out('voidedCount', 'integer', 1, '1', 'Links of units that failed and were rolled back'),
    out('voided', 'decimal', 0, '*', 'First sequence of each voided link'),
    out('pendingFrom', 'decimal', 0, '1', 'Where the walk stopped before links still being committed'),
    out('nextFrom', 'decimal', 0, '1', "Where the walk stopped at count: the next request's from"),
    {
      name: 'break',
      use: 'out',
      min: 0,
      max: '*',
      documentation: 'Every break, in sequence order (gaps included; valid is false only for the others)',
      part: [
        out('sequence', 'decimal', 1, '1', 'Its sequence number'),
        out('reason', 'code', 1, '1', 'altered | missing | out-of-order | gap'),
        out('detail', 'string', 1, '1', 'What was found'),
        out('through', 'decimal', 0, '1', 'The last sequence of the run it covers'),
        out('claimedAt', 'instant', 0, '1', 'When the link of a gap was claimed'),
      ],
    },
  ],
};
