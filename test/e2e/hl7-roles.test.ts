// How the program runs its HL7 v2 roles (DESIGN "Running", README "Configuration"): a split role
// without the shared queue and inbox refuses to start, enhanced ACKs on the memory inbox are loudly
// flagged, ROLE=all on MongoDB without Redis answers original-mode messages from its in-process
// queue in time, and SIGTERM lets the worker's delivery in flight finish before the API closes.
import { expect } from 'chai';
import { setTimeout as sleep } from 'node:timers/promises';
import { requireSharedData, requireTestServices } from '../harness/services.js';
import { dropDatabase } from '../support/drop-database.js';
import { eventually } from '../support/eventually.js';
import { type CorpusMessage, originalModeAdt } from '../support/hl7-corpus.js';
import { DeliveryGate } from '../support/hl7-delivery-gate.js';
import { entryOf, postHl7 } from '../support/hl7-http.js';
import { sendOne, withControlId } from '../support/hl7-sending.js';
import { type RunningServer, startServer, withDatabase } from '../support/server-process.js';

describe('HL7 v2 roles of the running program (v2.5.1 §2.9.2 original acknowledgment)', function () {
  this.timeout(180_000);
  let adt: CorpusMessage;
  let server: RunningServer | undefined;
  let gate: DeliveryGate | undefined;
  const fresh = () => withControlId(adt.text, `R${Date.now().toString(36)}${Math.random().toString(36).slice(2, 6)}`);

  before(function () {
    const hl7 = requireSharedData('hl7v2');
    if (hl7 === undefined) return this.skip();
    adt = originalModeAdt(hl7);
  });
  afterEach(async () => {
    await server?.stop();
    await gate?.stop();
    server = gate = undefined;
  });

  for (const role of ['api', 'worker', 'mllp'] as const) {
    it(`refuses ROLE=${role} without REDIS_URL and MONGODB_URL in one line naming them`, async () => {
      // A worker has nothing to probe and counts as started once spawned: then wait for its exit.
      const said = await startServer({ role, startTimeoutMs: 30_000 }).then(
        async (running) => {
          const ended = await Promise.race([running.exited, sleep(30_000).then(() => undefined)]);
          const output = running.output();
          await running.stop();
          return ended === undefined ? 'still running' : output;
        },
        (e: unknown) => (e instanceof Error ? e.message : String(e)),
      );
      expect(said).to.include(`nexushealth: ROLE=${role} needs REDIS_URL and MONGODB_URL`);
    });
  }

  it('warns loudly at start when HL7_ACK_MODE=enhanced answers CA from the memory inbox', async () => {
    server = await startServer({ env: { HL7_ACK_MODE: 'enhanced' } });
    expect(server.output()).to.include('HL7_ACK_MODE=enhanced WITHOUT MONGODB_URL');
  });

  it('on SIGTERM under ROLE=all, finishes the delivery in flight before the API closes: AA, no attempt spent', async () => {
    gate = await DeliveryGate.start();
    // One attempt: a delivery refused by the closing API would dead-letter the message (AE).
    server = await startServer({ env: { DELIVERY_URL: gate.url, HL7_MAX_ATTEMPTS: '1' } });
    gate.open(server.origin);
    let arrived: () => void = () => undefined;
    const inFlight = new Promise<void>((resolve) => (arrived = resolve));
    let release: () => void = () => undefined;
    const held = new Promise<void>((resolve) => (release = resolve));
    gate.beforeForward = async () => {
      gate!.beforeForward = undefined;
      arrived();
      await held;
    };
    const ack = postHl7(server.origin, fresh());
    await inFlight;
    const stopping = server.stop();
    await sleep(1000);
    release();
    expect(await ack).to.match(/\rMSA\|AA\|/);
    await stopping;
    expect(server.exitCode()).to.equal(0);
  });

  it('rides out a 40 s outage of the FHIR server with the default retry budget: applied AA, not dead-lettered', async () => {
    gate = await DeliveryGate.start();
    server = await startServer({ env: { DELIVERY_URL: gate.url } });
    const text = fresh();
    const controlId = text.split('\r')[0]!.split('|')[9]!;
    // Original mode: past its 25 s wait the sender is answered AR 207, the job goes on.
    const ack = postHl7(server.origin, text);
    await sleep(40_000);
    expect(gate.refused).to.be.above(3);
    gate.open(server.origin);
    expect(await ack).to.match(/\rMSA\|AR\|/);
    const entry = await eventually(
      () => entryOf(server!.origin, controlId),
      (e) => e?.status === 'processed',
      90_000,
    );
    expect(entry).to.include({ status: 'processed', ackCode: 'AA' });
    expect(await postHl7(server.origin, text), 'the resend gets the final ACK').to.match(/\rMSA\|AA\|/);
  });

  describe('[FerretDB, no Redis]', () => {
    let services: ReturnType<typeof requireTestServices>;
    before(function () {
      services = requireTestServices('hl7-roles');
      if (services === undefined) this.skip();
    });
    after(async () => {
      if (services && server?.databaseName) await dropDatabase(withDatabase(services.mongodbUrl, server.databaseName));
    });

    it('answers original-mode messages AA from the in-process queue, not AR 207 after the sweeper', async () => {
      server = await startServer({ mongodbUrl: services!.mongodbUrl, databasePrefix: 'e2e_hl7_roles' });
      for (let n = 0; n < 3; n += 1) {
        const started = Date.now();
        expect((await sendOne(server.mllpPort, fresh())).code).to.equal('AA');
        // The sweeper would pick a lost job up after 30 s, past the 25 s original-mode wait.
        expect(Date.now() - started).to.be.below(20_000);
      }
    });
  });
});
