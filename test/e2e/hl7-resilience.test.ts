// Exactly once under fire (issue 5: "killing the worker, Redis or the database in the middle of a
// feed loses nothing and duplicates nothing once they are back"). The real program runs split by
// ROLE (api, worker, mllp) on a FerretDB and a Redis of this suite's own, so that each can be
// SIGKILLed alone by its PID and started again on the same data. A feed of distinct patients
// (A01 → ORU^R01 → A08 each) goes over several MLLP connections from senders that resend on AR 207,
// timeouts and broken connections, as interface engines do; one of the three is killed when a third
// of the feed is answered, or the worker right after a transaction committed (through the
// DeliveryGate between worker and API). Afterwards the database must hold exactly what the feed says.
// On FerretDB 1.24 every conditional write and inbox query scans its collection, so each scenario
// runs slower than the one before; HL7_RESILIENCE_PATIENTS sets a longer feed.
import { expect } from 'chai';
import { setTimeout as sleep } from 'node:timers/promises';
import { uniqueDatabaseName } from '../harness/services.js';
import { eventually } from '../support/eventually.js';
import { DeliveryGate } from '../support/hl7-delivery-gate.js';
import { buildFeed, type FeedLane, feedMessages } from '../support/hl7-feed.js';
import { feedProblems, pendingOfFeed } from '../support/hl7-feed-check.js';
import { type Delivered, sendLanes } from '../support/hl7-sending.js';
import { type PrivateServices, startPrivateServices } from '../support/private-services.js';
import { type RunningServer, startServer } from '../support/server-process.js';

/** Patients per scenario (3 messages each: 4 × 51 messages). */
const PATIENTS = Number(process.env.HL7_RESILIENCE_PATIENTS ?? 17);
const CONNECTIONS = 4;
/** How long a killed service stays down. */
const DOWNTIME_MS = 2000;

describe('HL7 v2 feed through kills of the worker, Redis and FerretDB (exactly once, v2.5.1 §2.10.1 original acknowledgment)', function () {
  this.timeout(600_000);
  let services: PrivateServices;
  /** Between the worker and the API (DELIVERY_URL), passing everything: where a kill can be timed. */
  let gate: DeliveryGate;
  const databaseName = uniqueDatabaseName('e2e_hl7_resilience');
  const programs: Partial<Record<'api' | 'worker' | 'mllp', RunningServer>> = {};
  const runId = `R${Date.now().toString(36).toUpperCase()}`;

  const start = async (role: 'api' | 'worker' | 'mllp') => {
    const env: Record<string, string> = {};
    if (role === 'worker') env.DELIVERY_URL = gate.url;
    programs[role] = await startServer({
      mongodbUrl: services.mongodbUrl,
      redisUrl: services.redisUrl,
      databaseName,
      role,
      env,
    });
  };
  const api = () => programs.api!;
  const client = () => api().client({ retries: 0 });

  before(async () => {
    services = await startPrivateServices();
    gate = await DeliveryGate.start();
    await start('api');
    gate.open(api().origin);
    await Promise.all([start('worker'), start('mllp')]);
  });
  after(async () => {
    await Promise.all(Object.values(programs).map((p) => p.stop()));
    await services?.stop();
    await gate?.stop();
  });

  /** Sends the feed; `fault` runs once a third of it is answered; resolves with every final answer. */
  async function feedThrough(lanes: FeedLane[], fault: () => Promise<void>): Promise<Delivered[]> {
    const total = feedMessages(lanes).length;
    let answered = 0;
    let injected: Promise<void> | undefined;
    const started = Date.now();
    const delivered = await sendLanes(programs.mllp!.mllpPort, lanes, {
      connections: CONNECTIONS,
      onAnswer: () => {
        answered += 1;
        if (answered === Math.ceil(total / 3)) injected = fault();
      },
    });
    await injected;
    const resent = delivered.filter((d) => d.attempts > 1).length;
    console.log(
      `      (${total} messages answered in ${((Date.now() - started) / 1000).toFixed(1)} s, ${resent} resent)`,
    );
    return delivered;
  }

  async function expectExactlyOnce(lanes: FeedLane[], delivered: Delivered[]): Promise<void> {
    const refused = delivered
      .filter((d) => d.ack.code !== 'AA')
      .map((d) => `${d.controlId} ${d.ack.code} ${d.ack.errors.join('; ')}`);
    expect(refused, 'final answers other than AA').to.deep.equal([]);
    expect(delivered.length, 'answers').to.equal(feedMessages(lanes).length);
    // Original mode answers AA after the commit, so nothing should be pending; wait anyway in case
    // a resend raced a replay.
    expect(
      await eventually(
        () => pendingOfFeed(api().origin, lanes),
        (n) => n === 0,
        90_000,
      ),
      'inbox entries not processed',
    ).to.equal(0);
    expect(await feedProblems(client(), api().origin, lanes)).to.deep.equal([]);
  }

  const stillRunning = () =>
    expect(
      Object.entries(programs)
        .filter(([, p]) => p.exitCode() !== undefined)
        .map(([role, p]) => `${role} exited (${String(p.exitCode())}):\n${p.output()}`),
      'program processes that died',
    ).to.deep.equal([]);

  it('the worker SIGKILLed mid-feed and started again: every message applied once', async () => {
    const lanes = buildFeed({ runId, patients: PATIENTS, firstPatient: 0 });
    const delivered = await feedThrough(lanes, async () => {
      await programs.worker!.kill();
      await sleep(DOWNTIME_MS);
      await start('worker');
    });
    await expectExactlyOnce(lanes, delivered);
    stillRunning();
  });

  it('the worker SIGKILLed after its transaction committed, before it recorded the outcome: the retry applies nothing twice', async () => {
    const lanes = buildFeed({ runId, patients: PATIENTS, firstPatient: 3 * PATIENTS });
    let transactions = 0;
    let restarted: Promise<void> | undefined;
    gate.onAnswered = async (method, url, status) => {
      // A transaction is a POST to the base (http.html#transaction); the tenth one of the feed.
      if (method !== 'POST' || !/^\/fhir\/?$/.test(url) || status !== 200 || ++transactions !== 10) return;
      await programs.worker!.kill();
      restarted = sleep(DOWNTIME_MS).then(() => start('worker'));
    };
    try {
      const delivered = await feedThrough(lanes, async () => undefined);
      await restarted;
      expect(transactions, 'transactions the worker committed').to.be.greaterThan(10);
      await expectExactlyOnce(lanes, delivered);
    } finally {
      gate.onAnswered = undefined;
    }
    stillRunning();
  });

  it('Redis SIGKILLed mid-feed and started again on its append-only file: every message applied once', async () => {
    const lanes = buildFeed({ runId, patients: PATIENTS, firstPatient: PATIENTS });
    const delivered = await feedThrough(lanes, async () => {
      await services.redis.kill();
      await sleep(DOWNTIME_MS);
      await services.redis.restart();
    });
    await expectExactlyOnce(lanes, delivered);
    stillRunning();
  });

  it('FerretDB SIGKILLed mid-feed and started again: every message applied once', async () => {
    const lanes = buildFeed({ runId, patients: PATIENTS, firstPatient: 2 * PATIENTS });
    const delivered = await feedThrough(lanes, async () => {
      await services.ferretdb.kill();
      await sleep(DOWNTIME_MS);
      await services.ferretdb.restart();
    });
    await expectExactlyOnce(lanes, delivered);
    stillRunning();
  });
});
