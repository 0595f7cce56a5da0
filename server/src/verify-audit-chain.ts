// `npm run audit:verify`: walks the AuditEvent hash chain in the database of MONGODB_URL and
// reports every break (audit/verify-chain.ts). Read-only: it runs no recovery and writes
// nothing. Exit status 0 valid, 1 broken (altered, missing, out-of-order), 2 nothing to verify
// (no chained AuditEvent: a wrong database?), a malformed URL or the database unreachable, 3 no break but gaps (links claimed whose events were never
// stored: a process died or a write failed after claiming) — not 0, since a gap may also be
// every event of a link deleted with its history, and not 2, which says nothing was verified.
// AUDIT_VERIFY_FROM / AUDIT_VERIFY_COUNT: walk part of the chain only (default: all of it).
// AUDIT_PENDING_GRACE_MS (default 60000): links younger than this whose events are not stored
// yet are taken as still being committed, not as broken.
import { verifyChain, type ChainReport } from './audit/verify-chain.js';
import { MongoResourceStore } from './store/mongo/mongo-store.js';

function describe(report: ChainReport): string[] {
  const lines = [
    `checked ${report.checked} AuditEvents; last sequence ${report.lastSequence}, hash ${report.lastHash}`,
    `voided links (units rolled back): ${report.voided.length}`,
    ...report.voids.map(
      (v) => `  voided ${v.sequence}..${v.through} (${v.reason}), claimed ${v.claimedAt}, voided ${v.voidedAt ?? '?'}`,
    ),
  ];
  if (report.pendingFrom !== undefined) lines.push(`stopped at ${report.pendingFrom}: still being committed`);
  if (report.nextFrom !== undefined)
    lines.push(`stopped at the count: go on with AUDIT_VERIFY_FROM=${report.nextFrom}`);
  for (const found of report.breaks) {
    const label = found.reason === 'gap' ? 'GAP' : 'BROKEN';
    lines.push(`${label} at sequence ${found.sequence} (${found.reason}): ${found.detail}`);
  }
  if (report.valid && report.checked > 0)
    lines.push(report.breaks.length ? 'no event altered or missing, but gaps (see above)' : 'the chain is valid');
  return lines;
}

function numberFrom(name: 'from' | 'count', value: string | undefined): { from?: number; count?: number } {
  const parsed = Number(value);
  return value && Number.isInteger(parsed) && parsed > 0 ? { [name]: parsed } : {};
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
  let store: MongoResourceStore | undefined;
  try {
    // Inside the try: a malformed URL is a reason to print, not a stack trace (nor exit 1, "broken").
    store = new MongoResourceStore({ url });
    const grace = Number(process.env.AUDIT_PENDING_GRACE_MS ?? 60_000);
    const report = await verifyChain(store, {
      pendingGraceMs: Number.isFinite(grace) ? grace : 60_000,
      ...numberFrom('from', process.env.AUDIT_VERIFY_FROM),
      ...numberFrom('count', process.env.AUDIT_VERIFY_COUNT),
    });
    for (const line of describe(report)) console.log(line);
    if (!report.valid) return 1;
    // No event at all is not a valid trail: a wrong database name, or a dropped collection.
    if (report.checked === 0 && report.breaks.length === 0) {
      console.error(
        'audit:verify: no chained AuditEvent in this database (wrong MONGODB_URL database?): nothing verified',
      );
      return 2;
    }
    return report.breaks.length > 0 ? 3 : 0;
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    console.error(`audit:verify: could not read the chain: ${reason.replace(/\/\/[^@/]*@/, '//***@')}`);
    return 2;
  } finally {
    await store?.close();
  }
}

process.exitCode = await run();
