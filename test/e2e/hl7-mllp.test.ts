// Every ADT A01/A04/A08 of the shared HL7 v2 corpus, over MLLP to the running program: each is
// acknowledged, its Patient is found by the PID-3 identifiers, and a resend makes no duplicate.
// On FerretDB + Redis the program has REDIS_URL, so the messages go through the bull queue.
import { expect } from 'chai';
import { countMatches, tokenValue } from '../support/fhir-count.js';
import { eventually } from '../support/eventually.js';
import { type AdtCorpus, readAdtCorpus } from '../support/hl7-corpus.js';
import { pidIdentifiers } from '../support/hl7-expectations.js';
import { sendAll, sendOne, type SentMessage, withControlId } from '../support/hl7-sending.js';
import { describeOnEachStore } from '../support/store-variants.js';

const HL7 = 'hl7v2';

/**
 * Messages a correct server must not accept, and why. Everything else must get AA.
 * (Filled in from what the corpus holds; see the report for each entry's reasoning.)
 */
const JUSTIFIED_REFUSALS: Readonly<Record<string, { codes: string[]; why: string }>> = {};

describeOnEachStore('HL7 v2 over MLLP', { needs: [HL7], timeoutMs: 300_000 }, (ctx) => {
  let corpus: AdtCorpus;
  let sent: SentMessage[] = [];
  const accepted = () => sent.filter((s) => s.ack.code === 'AA');
  const count = (identifier: { system: string; value: string }) =>
    countMatches(ctx.client(), 'Patient', [['identifier', tokenValue(identifier.system, identifier.value)]]).then(
      (c) => c.count,
    );

  before(function () {
    corpus = readAdtCorpus(ctx.dataDir(HL7));
    expect(corpus.messages.length, 'ADT A01/A04/A08 messages in the corpus').to.be.greaterThan(5);
  });

  it('acknowledges every ADT A01/A04/A08 message with AA (MSA-2 = MSH-10)', async function () {
    sent = await sendAll(ctx.server.mllpPort, corpus.messages);
    const unexpected = sent
      .filter(({ message, ack }) => ack.code !== 'AA' && !JUSTIFIED_REFUSALS[message.name]?.codes.includes(ack.code))
      .map(({ message, ack }) => `${message.name} (${message.messageType}): ${ack.code} ${ack.errors.join('; ')}`);
    expect(unexpected, `messages not accepted:\n${unexpected.join('\n')}`).to.deep.equal([]);
    for (const { message, ack } of sent) expect(ack.controlId, `${message.name}: MSA-2`).to.equal(message.controlId);
  });

  it('stores one Patient per PID-3 key identifier, found by every PID-3 identifier', async function () {
    // The adapter keys the conditional update on the first PID-3 identifier with a system; messages
    // about the same person (A01 then A08) therefore share one Patient.
    const keys = new Map<string, Set<string>>();
    for (const { message } of accepted()) {
      const identifiers = pidIdentifiers(message.message);
      const key = identifiers[0];
      expect(key, `${message.name}: a PID-3 identifier with a system`).to.not.equal(undefined);
      for (const id of identifiers) {
        const holders = keys.get(`${id.system}|${id.value}`) ?? new Set<string>();
        holders.add(`${key?.system ?? ''}|${key?.value ?? ''}`);
        keys.set(`${id.system}|${id.value}`, holders);
      }
    }
    const wrong: string[] = [];
    for (const [identifier, holders] of keys) {
      const [system = '', value = ''] = identifier.split(/\|(.*)/s);
      const found = await eventually(
        () => count({ system, value }),
        (n) => n >= holders.size,
      );
      if (found !== holders.size) wrong.push(`Patient?identifier=${system}|… found ${found}, expected ${holders.size}`);
    }
    expect(wrong, `\n${wrong.join('\n')}`).to.deep.equal([]);
  });

  it('resending a message (same MSH-10, then a new one) creates no duplicate Patient', async function () {
    const first = accepted()[0];
    expect(first, 'an accepted message').to.not.equal(undefined);
    const key = pidIdentifiers(first!.message.message)[0]!;
    const before = (await countMatches(ctx.client(), 'Patient')).count;
    const replay = await sendOne(ctx.server.mllpPort, first!.message.text);
    expect(replay.code, `replay of ${first!.message.name}: ${replay.errors.join('; ')}`).to.equal('AA');
    const renamed = await sendOne(ctx.server.mllpPort, withControlId(first!.message.text, `E2E${Date.now()}`));
    expect(renamed.code, `resend with a new MSH-10: ${renamed.errors.join('; ')}`).to.equal('AA');
    // Give a queued worker time to (wrongly) create a second Patient before counting.
    const after = await eventually(
      () => countMatches(ctx.client(), 'Patient').then((c) => c.count),
      (n) => n > before,
      3000,
    );
    expect(after, 'Patient count after two resends').to.equal(before);
    expect(await count(key), `Patients with the key identifier of ${first!.message.name}`).to.equal(1);
  });

  it('refuses the malformed batch files that hold ADT messages with AE or AR', async function () {
    for (const { file, text, why } of corpus.malformed) {
      const ack = await sendOne(ctx.server.mllpPort, text);
      expect(['AE', 'AR'], `${file} (splitBatch: ${why}) answered ${ack.code}`).to.include(ack.code);
    }
  });
});
