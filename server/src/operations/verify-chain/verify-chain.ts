import type { Parameters, ParametersParameter } from '@medplum/fhirtypes';
import { verifyChain, type ChainReport } from '../../audit/verify-chain.js';
import type { ServerOperation } from '../server-operation.js';
import { VERIFY_CHAIN_DEFINITION } from './verify-chain-definition.js';

/**
 * AuditEvent/$verify-chain: the audit trail's hash chain checked from the first event on
 * (audit/verify-chain.ts), as `npm run audit:verify` does from the command line. It reads
 * every AuditEvent, so it needs the auditor or admin role and read access to AuditEvents.
 */
export const verifyChainOperation: ServerOperation = {
  code: 'verify-chain',
  definition: VERIFY_CHAIN_DEFINITION,
  affectsState: false,
  access: { roles: ['auditor', 'admin'], onType: ['r'] },
  handler: async (_request, _parameters, context) => ({
    status: 200,
    resource: reportParameters(await verifyChain(context.store)),
  }),
};

/** The report as the definition's output Parameters. */
export function reportParameters(report: ChainReport): Parameters {
  const parameter: ParametersParameter[] = [
    { name: 'valid', valueBoolean: report.valid },
    { name: 'checked', valueInteger: report.checked },
    { name: 'lastSequence', valueDecimal: report.lastSequence },
    { name: 'lastHash', valueString: report.lastHash },
    { name: 'voidedCount', valueInteger: report.voided.length },
  ];
  if (report.pendingFrom !== undefined) parameter.push({ name: 'pendingFrom', valueDecimal: report.pendingFrom });
  if (report.break) {
    parameter.push({
      name: 'break',
      part: [
        { name: 'sequence', valueDecimal: report.break.sequence },
        { name: 'reason', valueCode: report.break.reason },
        { name: 'detail', valueString: report.break.detail },
      ],
    });
  }
  return { resourceType: 'Parameters', parameter };
}
