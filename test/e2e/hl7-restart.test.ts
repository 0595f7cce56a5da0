// Exactly once across a restart (MongoDB inbox): a message resent after the program stopped and
// started again on the same database is answered with the ACK it got the first time, not applied
// again. Only on FerretDB + Redis: the embedded store forgets everything when the process stops.
import { parseHl7 } from '@nexushealth/adapters';
import { expect } from 'chai';
import { requireSharedData, requireTestServices } from '../harness/services.js';
import { dropDatabase } from '../support/drop-database.js';
import { countMatches, tokenValue } from '../support/fhir-count.js';
import { readAdtCorpus } from '../support/hl7-corpus.js';
import { pidIdentifiers } from '../support/hl7-expectations.js';
import { entryOf, postHl7 } from '../support/hl7-http.js';
import { withControlId } from '../support/hl7-sending.js';
import { type RunningServer, startServer, withDatabase } from '../support/server-process.js';

describe('HL7 v2 duplicates across a restart [FerretDB + Redis] (v2.5.1 §2.10.1: MSH-10 identifies a message)', function () {
  this.timeout(300_000);
  let services: ReturnType<typeof requireTestServices>;
  let server: RunningServer | undefined;
  let databaseName: string | undefined;

  before(function () {
    services = requireTestServices(this.test?.parent?.title ?? 'hl7-restart');
    if (services === undefined || requireSharedData('hl7v2') === undefined) this.skip();
  });
  after(async () => {
    await server?.stop();
    if (services && databaseName) await dropDatabase(withDatabase(services.mongodbUrl, databaseName));
  });

  const start = async () => {
    server = await startServer({
      mongodbUrl: services!.mongodbUrl,
      redisUrl: services!.redisUrl,
      databasePrefix: 'e2e_hl7_restart',
      ...(databaseName === undefined ? {} : { databaseName }),
    });
    databaseName = server.databaseName;
    return server;
  };

  it('answers the resend with the original ACK and applies nothing twice', async () => {
    const adt = readAdtCorpus(requireSharedData('hl7v2')!).messages.find((m) => m.messageType.startsWith('ADT^A01'))!;
    const text = withControlId(adt.text, `RESTART${Date.now()}`);
    const key = pidIdentifiers(parseHl7(text))[0]!;
    const patients = async (running: RunningServer) =>
      (
        await countMatches(running.client({ retries: 0 }), 'Patient', [
          ['identifier', tokenValue(key.system, key.value)],
        ])
      ).count;

    const first = await start();
    const ack = await postHl7(first.origin, text);
    expect(ack).to.match(/\rMSA\|AA\|/);
    await first.stop();

    const second = await start();
    expect(await postHl7(second.origin, text)).to.equal(ack);
    expect(await patients(second)).to.equal(1);
    const entry = await entryOf(second.origin, text.split('\r')[0]!.split('|')[9]!);
    expect(entry).to.include({ status: 'processed', ackCode: 'AA', attempts: 1 });
  });
});
