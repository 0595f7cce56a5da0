// `npm run audit:verify`: walks the AuditEvent hash chain in the database of MONGODB_URL and
// reports the first break (audit/verify-chain.ts). Read-only: it runs no recovery and writes
// nothing. Exit status 0 valid, 1 broken, 2 nothing to verify or the database unreachable.
// AUDIT_PENDING_GRACE_MS (default 60000): links younger than this whose events are not stored
// yet are taken as still being committed, not as broken.
import { verifyChain, type ChainReport } from './audit/verify-chain.js';
import { MongoResourceStore } from './store/mongo/mongo-store.js';

function describe(report: ChainReport): string[] {
  const lines = [
    `checked ${report.checked} AuditEvents; last sequence ${report.lastSequence}, hash ${report.lastHash}`,
    `voided links (units rolled back): ${report.voided.length}`,
  ];
  if (report.pendingFrom !== undefined) lines.push(`stopped at ${report.pendingFrom}: still being committed`);
  if (report.break) {
    lines.push(`BROKEN at sequence ${report.break.sequence} (${report.break.reason}): ${report.break.detail}`);
  } else lines.push('the chain is valid');
  return lines;
}

async function run(): Promise<number> {
  const url = process.env.MONGODB_URL;
  if (!url) {
    console.error(
      'audit:verify: MONGODB_URL is not set. The embedded store keeps its audit chain in the memory of the ' +
        'running server only; verify it there with GET [base]/AuditEvent/$verify-chain.',
    );
    return 2;
  }
  const store = new MongoResourceStore({ url });
  try {
    const grace = Number(process.env.AUDIT_PENDING_GRACE_MS ?? 60_000);
    const report = await verifyChain(store, { pendingGraceMs: Number.isFinite(grace) ? grace : 60_000 });
    for (const line of describe(report)) console.log(line);
    return report.valid ? 0 : 1;
  } catch (error) {
    console.error(`audit:verify: could not read the chain: ${error instanceof Error ? error.message : String(error)}`);
    return 2;
  } finally {
    await store.close();
  }
}

process.exitCode = await run();
