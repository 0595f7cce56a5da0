import type { Parameters, ParametersParameter } from '@medplum/fhirtypes';
import { verifyChain, type ChainBreak, type ChainReport } from '../../audit/verify-chain.js';
import type { ServerOperation } from '../server-operation.js';
import { MAX_COUNT, VERIFY_CHAIN_DEFINITION } from './verify-chain-definition.js';

/**
 * AuditEvent/$verify-chain: the audit trail's hash chain checked over a bounded page,
 * `from` / `count` (audit/verify-chain.ts), as `npm run audit:verify` does from the command
 * line for the whole chain. It reads AuditEvents, so it needs the auditor or admin role and
 * read access to AuditEvents.
 */
export const verifyChainOperation: ServerOperation = {
  code: 'verify-chain',
  definition: VERIFY_CHAIN_DEFINITION,
  affectsState: false,
  access: { roles: ['auditor', 'admin'], onType: ['r'] },
  handler: async (_request, parameters, context) => {
    const input = (name: string) => parameters.parameter?.find((p) => p.name === name)?.valuePositiveInt;
    const count = Math.min(MAX_COUNT, input('count') ?? MAX_COUNT);
    return {
      status: 200,
      resource: reportParameters(await verifyChain(context.store, { from: input('from') ?? 1, count })),
    };
  },
};

function breakParameter(found: ChainBreak): ParametersParameter {
  const part: ParametersParameter[] = [
    { name: 'sequence', valueDecimal: found.sequence },
    { name: 'reason', valueCode: found.reason },
    { name: 'detail', valueString: found.detail },
  ];
  if (found.through !== undefined) part.push({ name: 'through', valueDecimal: found.through });
  if (found.claimedAt !== undefined) part.push({ name: 'claimedAt', valueInstant: found.claimedAt });
  return { name: 'break', part };
}

/** The report as the definition's output Parameters. */
export function reportParameters(report: ChainReport): Parameters {
  const parameter: ParametersParameter[] = [
    { name: 'valid', valueBoolean: report.valid },
    { name: 'checked', valueInteger: report.checked },
    { name: 'lastSequence', valueDecimal: report.lastSequence },
    { name: 'lastHash', valueString: report.lastHash },
    { name: 'voidedCount', valueInteger: report.voided.length },
  ];
  for (const sequence of report.voided) parameter.push({ name: 'voided', valueDecimal: sequence });
  if (report.pendingFrom !== undefined) parameter.push({ name: 'pendingFrom', valueDecimal: report.pendingFrom });
  if (report.nextFrom !== undefined) parameter.push({ name: 'nextFrom', valueDecimal: report.nextFrom });
  parameter.push(...report.breaks.map(breakParameter));
  return { resourceType: 'Parameters', parameter };
}
