// HL7 v2 over HTTP into the running program, its inbox API, dead letters and replays. The workers
// deliver through a DeliveryGate (DELIVERY_URL): closed, it answers 503 as a FHIR server that is down
// would, so a message is dead-lettered after HL7_MAX_ATTEMPTS; opened, replays go through.
import { parseHl7 } from '@nexushealth/adapters';
import { expect } from 'chai';
import { countMatches, tokenValue } from '../support/fhir-count.js';
import { eventually } from '../support/eventually.js';
import { type CorpusMessage, readAdtCorpus } from '../support/hl7-corpus.js';
import { DeliveryGate } from '../support/hl7-delivery-gate.js';
import { parseAck, pidIdentifiers } from '../support/hl7-expectations.js';
import { entryOf, inboxApi, type InboxEntryView, postHl7, postHl7Ack } from '../support/hl7-http.js';
import { withControlId, withPatientId } from '../support/hl7-sending.js';
import { authorizationFor } from '../support/server-credentials.js';
import { describeOnEachStore } from '../support/store-variants.js';

const HL7 = 'hl7v2';

describe('HL7 v2 over HTTP (HL7 over HTTP spec, hapifhir.github.io/hapi-hl7v2/hapi-hl7overhttp)', function () {
  let gate: DeliveryGate;
  before(async () => {
    gate = await DeliveryGate.start();
  });
  after(() => gate.stop());

  describeOnEachStore(
    'POST /hl7v2/messages and the inbox API',
    { needs: [HL7], timeoutMs: 300_000, env: () => ({ DELIVERY_URL: gate.url, HL7_MAX_ATTEMPTS: '2' }) },
    (ctx) => {
      let adt: CorpusMessage;
      let n = 0;
      /** The corpus message as a new one (its own MSH-10) about a new patient: each test sees only its own. */
      const fresh = () => {
        const id = `HTTP${Date.now()}${++n}`;
        return withPatientId(withControlId(adt.text, id), id);
      };
      const controlIdOf = (text: string) => text.split('\r')[0]!.split('|')[9]!;
      const patients = (text: string) => {
        const key = pidIdentifiers(parseHl7(text))[0]!;
        return countMatches(ctx.client(), 'Patient', [['identifier', tokenValue(key.system, key.value)]]).then(
          (c) => c.count,
        );
      };
      const settled = (controlId: string, status: string) =>
        eventually(
          () => entryOf(ctx.server.origin, controlId),
          (entry) => entry?.status === status,
          60_000,
        );

      before(function () {
        gate.open(ctx.server.origin);
        const found = readAdtCorpus(ctx.dataDir(HL7)).messages.find((m) => m.messageType.startsWith('ADT^A01'));
        expect(found, 'an ADT^A01 in the corpus').to.not.equal(undefined);
        adt = found!;
      });

      it('answers a message with its ACK, 200 in the request media type (§2.6), MSA-2 = MSH-10', async () => {
        const text = fresh();
        const ack = await postHl7Ack(ctx.server.origin, text);
        expect(ack.code, ack.errors.join('; ')).to.equal('AA');
        expect(ack.controlId).to.equal(controlIdOf(text));
        expect(await patients(text)).to.equal(1);
      });

      it('lists the entry as processed with its ACK and resources, without the raw message; a read has it', async () => {
        const text = fresh();
        await postHl7Ack(ctx.server.origin, text);
        const listed = await entryOf(ctx.server.origin, controlIdOf(text));
        expect(listed).to.include({ status: 'processed', ackCode: 'AA' });
        expect(listed).to.not.have.any.keys('raw', 'orderKey');
        expect(listed?.resources.some((r) => r.startsWith('Patient/'))).to.equal(true);
        const read = await inboxApi<InboxEntryView>(ctx.server.origin, `inbox/${listed!.id}`);
        expect(read.raw?.split('\r')[0]).to.equal(text.split('\r')[0]);
      });

      it('answers a resend (same MSH-3/4/10) with the original ACK, applied once', async () => {
        const text = fresh();
        const first = await postHl7(ctx.server.origin, text);
        const again = await postHl7(ctx.server.origin, text);
        expect(again).to.equal(first);
        const page = await inboxApi<{ entries: InboxEntryView[] }>(ctx.server.origin, 'inbox?_count=1000');
        expect(page.entries.filter((e) => e.controlId === controlIdOf(text))).to.have.length(1);
      });

      it('answers a batch with an ACK per message (v2.5.1 §2.10.3 batches)', async () => {
        const texts = [fresh(), fresh()];
        const reply = await postHl7(ctx.server.origin, texts.join(''));
        const acks = reply.split('\r').filter((segment) => segment.startsWith('MSA|'));
        expect(acks.map((msa) => msa.split('|').slice(1, 3))).to.deep.equal(texts.map((t) => ['AA', controlIdOf(t)]));
      });

      it('refuses other media types with 415 and an OperationOutcome', async () => {
        const response = await fetch(`${ctx.server.origin}/hl7v2/messages`, {
          method: 'POST',
          headers: { 'Content-Type': 'application/fhir+json', ...(await authorizationFor(ctx.server.origin)) },
          body: fresh(),
        });
        expect(response.status).to.equal(415);
        expect(((await response.json()) as { resourceType: string }).resourceType).to.equal('OperationOutcome');
      });

      it('dead-letters a message the FHIR server cannot take (AE 207), lists it, replays it once the server is back', async () => {
        gate.close();
        const text = fresh();
        const ack = await postHl7Ack(ctx.server.origin, text);
        expect(ack.code).to.equal('AE');
        expect(ack.errors.join(' ')).to.match(/207/);
        const dead = await settled(controlIdOf(text), 'dead-lettered');
        expect(dead).to.include({ status: 'dead-lettered', attempts: 2 });
        const letters = await inboxApi<{ entries: InboxEntryView[] }>(ctx.server.origin, 'dead-letters');
        expect(letters.entries.map((e) => e.id)).to.include(dead!.id);
        expect(await patients(text)).to.equal(0);

        gate.open(ctx.server.origin);
        const replay = await inboxApi<InboxEntryView>(
          ctx.server.origin,
          `inbox/${dead!.id}/$replay`,
          { method: 'POST' },
          202,
        );
        expect(replay.status).to.equal('received');
        const applied = await settled(controlIdOf(text), 'processed');
        expect(applied).to.include({ ackCode: 'AA' });
        expect(await patients(text)).to.equal(1);
        // A resend now gets the ACK of the replay, not the dead letter's.
        expect(parseAck(await postHl7(ctx.server.origin, text)).code).to.equal('AA');
      });

      it('replays every dead letter at once (POST /hl7v2/dead-letters/$replay)', async () => {
        gate.close();
        const texts = [fresh(), fresh()];
        for (const text of texts) expect((await postHl7Ack(ctx.server.origin, text)).code).to.equal('AE');
        gate.open(ctx.server.origin);
        const result = await inboxApi<{ replayed: InboxEntryView[] }>(
          ctx.server.origin,
          'dead-letters/$replay',
          { method: 'POST' },
          202,
        );
        expect(result.replayed.map((e) => e.controlId)).to.include.members(texts.map(controlIdOf));
        for (const text of texts) expect(await settled(controlIdOf(text), 'processed')).to.include({ ackCode: 'AA' });
      });
    },
  );
});
