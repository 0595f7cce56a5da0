// Every message of the shared HL7 v2 corpus, over MLLP to the running program: each is answered as
// its MSH-15 asks (v2.5.1 §2.9.2 original mode: the application ACK; §2.9.3 enhanced mode: a commit
// ACK, or none for NE/ER) and ends in the inbox with the right application ACK: AA, or AR/AE for the
// NEGATIVE and malformed files and the refusals listed below with their reason. ADT patients are
// then found by their PID-3 identifiers, and a resend makes no duplicate. On FerretDB + Redis the
// program has REDIS_URL, so the messages go through the bull queue.
import { expect } from 'chai';
import { countMatches, tokenValue } from '../support/fhir-count.js';
import { eventually } from '../support/eventually.js';
import { ADT_EVENTS, type AdtCorpus, type CorpusMessage, readFullCorpus } from '../support/hl7-corpus.js';
import { type ParsedAck, pidIdentifiers } from '../support/hl7-expectations.js';
import { entryOf, type InboxEntryView } from '../support/hl7-http.js';
import { sendAll, sendOne, sendUnanswered, withControlId } from '../support/hl7-sending.js';
import { describeOnEachStore } from '../support/store-variants.js';

const HL7 = 'hl7v2';

type Expectations = Readonly<Record<string, { codes: string[]; why: string }>>;
/** v2.5.1 table 0357: 200 unsupported message type, 201 unsupported event code (answered AR, §2.9.2). */
const outsideIssue5 = (what: string) => ({
  codes: ['AR'],
  why: `${what}: not among the message types and events issue 5 maps, so refused as unsupported (AR 200/201) rather than half-applied`,
});
const notOurs = (what: string) => ({
  codes: ['AR'],
  why: `${what}: nothing a FHIR server should apply, refused as an unsupported message type (AR 200)`,
});

/**
 * Messages a correct server must not accept, and why (the ACK's own code and text say where).
 * Everything else must end AA; the NEGATIVE and unparsable files must end AR or AE.
 */
const JUSTIFIED_REFUSALS: Expectations = {
  'fhirconverter__ADT-A29-01.hl7': outsideIssue5('ADT A29 (delete person information)'),
  'fhirconverter__ADT-A47-02.hl7': outsideIssue5('ADT A47 (change patient identifier list)'),
  'fhirconverter__ADT-A60-01.hl7': outsideIssue5('ADT A60 (update adverse reaction information)'),
  'fhirconverter__SIU_12.hl7': outsideIssue5('ADT A60 (update adverse reaction information), despite the file name'),
  'linuxforhealth__ADT_A18_merge.hl7': outsideIssue5('ADT A18 (merge patient information, withdrawn in v2.5 for A40)'),
  'fhirconverter__BAR-P01-01.hl7': outsideIssue5('BAR^P01 (add patient account)'),
  'fhirconverter__OUL-R22-01.hl7': outsideIssue5('OUL^R22 (unsolicited specimen-oriented observation)'),
  'fhirconverter__PC1-Problem-Add-v2.3.1.hl7': outsideIssue5('PPR^PC1 (problem add)'),
  'fhirconverter__PC1-Problem-Update-v2.3.1.hl7': outsideIssue5('PPR^PC2 (problem update)'),
  'fhirconverter__RDE-O11-01.hl7': outsideIssue5('RDE^O11 (pharmacy encoded order)'),
  'linuxforhealth__OMP_O09_RXO_RXR.hl7': outsideIssue5('OMP^O09 (pharmacy order)'),
  'hl7apy__OML_O33_multi_specimen_groups.hl7': outsideIssue5(
    'OML^O33 (specimen-oriented laboratory order; O21 is mapped)',
  ),
  'hl7-standard__ACK_AR_with_ERR.hl7': notOurs(
    'ACK^V01, an acknowledgment (v2.5.1 §2.9: it is never acknowledged itself)',
  ),
  'hl7-standard__RSP_K11_immunization_forecast.hl7': notOurs('RSP^K11, the response to a query NexusHealth never sent'),
  'hl7-standard__batch_FHS_BHS_2msgs_MSH_in_OBX.hl7#2': notOurs(
    'RSP^K11, the response to a query NexusHealth never sent',
  ),
  'hl7apy__MSH_only_custom_delimiters.hl7': notOurs('RSP^SLI, a query response (and an MSH alone)'),
  'hl7apy__MSH_only_highlight_escapes.hl7': notOurs('RSP^SLI, a query response (and an MSH alone)'),
  'hl7apy__RSP_K22_PDQ_response.hl7': notOurs('RSP^K22, a PDQ response to a query NexusHealth never sent'),
  'hl7apy__RSP_K22_v27_truncation_char.hl7': notOurs('RSP^K22, a PDQ response to a query NexusHealth never sent'),
  'hl7apy__Z_segments_ZIN_ZBE_interleaved.hl7': notOurs('RSP^SLI, a query response'),
  'hl7apy__ZDT_Z01_custom_message_type.hl7': notOurs('ZDT^Z01, a local message type with no agreed meaning'),
  'linuxforhealth__CUSTOM_PAT_PRB_AL1_escape_R.hl7': notOurs('CUSTOM^PAT, a local message type with no agreed meaning'),
  'python-hl7__nonstandard_delimiters_dollar_percent.hl7': {
    codes: ['AR'],
    why: 'MSH-9..12 are empty: required fields missing (v2.5.1 §2.14.9, AR 101)',
  },
};

/** Defects seen and reported, not yet fixed: the code they end with today, or AA once fixed. */
const KNOWN_DEFECTS: Expectations = {
  'python-hl7__ADT_A01_IN1_IN2_DG1_nulls.hl7': {
    codes: ['AA', 'AE'],
    why: "PV1-16 ' U' (leading space) becomes Encounter.hospitalization.specialCourtesy code ' U', not a valid FHIR code; the ADT mapper should trim it",
  },
};

const expectedCodes = (name: string): string[] => (JUSTIFIED_REFUSALS[name] ?? KNOWN_DEFECTS[name])?.codes ?? ['AA'];

interface Outcome {
  message: CorpusMessage;
  /** The text sent: the corpus message with its own MSH-10, so every message is new to the server. */
  text: string;
  controlId: string;
  /** The MLLP answer; undefined when MSH-15 asked for none. */
  reply?: ParsedAck;
  entry?: InboxEntryView;
}

const FINAL = ['processed', 'dead-lettered'];

describeOnEachStore('HL7 v2 over MLLP: the shared corpus', { needs: [HL7], timeoutMs: 600_000 }, (ctx) => {
  let corpus: AdtCorpus;
  let outcomes: Outcome[] = [];
  const acceptedAdt = () =>
    outcomes.filter(
      (o) =>
        o.entry?.ackCode === 'AA' &&
        o.message.messageType.startsWith('ADT^') &&
        (ADT_EVENTS as readonly string[]).includes(o.message.messageType.split('^')[1] ?? ''),
    );
  const count = (identifier: { system: string; value: string }) =>
    countMatches(ctx.client(), 'Patient', [['identifier', tokenValue(identifier.system, identifier.value)]]).then(
      (c) => c.count,
    );

  before(function () {
    corpus = readFullCorpus(ctx.dataDir(HL7));
    expect(corpus.messages.length, 'messages in the corpus').to.be.greaterThan(50);
  });

  it('answers every message as its MSH-15 asks and records AA, or a justified refusal (v2.5.1 §2.9)', async function () {
    const run = Date.now().toString(36);
    outcomes = corpus.messages.map((message, i) => {
      const controlId = `E${run}${i}`; // MSH-10 is at most 20 characters (v2.5.1 §2.14.9.10)
      return { message, controlId, text: withControlId(message.text, controlId) };
    });
    const asked = (o: Outcome) => o.message.message.get('MSH')?.field(15).value;
    const answered = outcomes.filter((o) => !['NE', 'ER'].includes(asked(o) ?? ''));
    const replies = await sendAll(
      ctx.server.mllpPort,
      answered.map((o) => ({ ...o.message, text: o.text })),
    );
    answered.forEach((o, i) => (o.reply = replies[i]?.ack));
    for (const o of outcomes.filter((x) => !answered.includes(x))) await sendUnanswered(ctx.server.mllpPort, o.text);
    for (const o of outcomes) {
      o.entry = await eventually(
        () => entryOf(ctx.server.origin, o.controlId),
        (entry) => FINAL.includes(entry?.status ?? '') || (entry === undefined && o.reply?.code === 'AR'),
      );
    }
    const wrong = outcomes.flatMap((o) => {
      // A message without MSH-9..12 is refused at once and kept under a digest key: its answer is final.
      const final = o.entry?.ackCode ?? o.reply?.code ?? `(${o.entry?.status ?? 'not in the inbox'})`;
      const expected = expectedCodes(o.message.name);
      const problems: string[] = [];
      if (!expected.includes(final))
        problems.push(`ends ${final}: ${o.entry?.errors.map((e) => e.text).join('; ') ?? ''}`);
      const enhanced = asked(o) !== undefined;
      if (o.reply !== undefined && o.reply.code !== (enhanced ? 'CA' : final))
        problems.push(
          `answered ${o.reply.code} ${o.reply.errors.join('; ')} (${enhanced ? 'enhanced' : 'original'} mode)`,
        );
      if (o.reply !== undefined && o.reply.controlId !== o.controlId) problems.push(`MSA-2 ${o.reply.controlId}`);
      return problems.map((p) => `${o.message.name} (${o.message.messageType}) ${p}`);
    });
    expect(wrong, `messages not answered right:\n${wrong.join('\n')}`).to.deep.equal([]);
  });

  it('refuses the NEGATIVE and unparsable files with AR or AE', async function () {
    expect(corpus.malformed.map((m) => m.file).filter((f) => f.includes('NEGATIVE'))).to.have.length.greaterThan(0);
    for (const { file, text, why } of corpus.malformed) {
      const ack = await sendOne(ctx.server.mllpPort, text);
      expect(['AE', 'AR'], `${file} (${why}) answered ${ack.code}`).to.include(ack.code);
    }
  });

  it('stores one Patient per PID-3 key identifier of the ADT A01/A04/A08, found by every PID-3 identifier', async function () {
    // The adapter keys the conditional update on the first PID-3 identifier with a system; messages
    // about the same person (A01 then A08) therefore share one Patient.
    const keys = new Map<string, Set<string>>();
    for (const { message } of acceptedAdt()) {
      const identifiers = pidIdentifiers(message.message);
      const key = identifiers[0];
      expect(key, `${message.name}: a PID-3 identifier with a system`).to.not.equal(undefined);
      for (const id of identifiers) {
        const holders = keys.get(`${id.system}|${id.value}`) ?? new Set<string>();
        holders.add(`${key?.system ?? ''}|${key?.value ?? ''}`);
        keys.set(`${id.system}|${id.value}`, holders);
      }
    }
    expect(keys.size, 'PID-3 identifiers of accepted ADT messages').to.be.greaterThan(0);
    const wrong: string[] = [];
    for (const [identifier, holders] of keys) {
      const [system = '', value = ''] = identifier.split(/\|(.*)/s);
      const found = await count({ system, value });
      if (found !== holders.size) wrong.push(`Patient?identifier=${system}|… found ${found}, expected ${holders.size}`);
    }
    expect(wrong, `\n${wrong.join('\n')}`).to.deep.equal([]);
  });

  it('resending a message (same MSH-10, then a new one) creates no duplicate Patient', async function () {
    const first = acceptedAdt().find((o) => o.message.message.get('MSH')?.field(15).value === undefined);
    expect(first, 'an accepted original-mode ADT message').to.not.equal(undefined);
    const key = pidIdentifiers(first!.message.message)[0]!;
    const before = (await countMatches(ctx.client(), 'Patient')).count;
    const replay = await sendOne(ctx.server.mllpPort, first!.text);
    expect(replay.code, `replay of ${first!.message.name}: ${replay.errors.join('; ')}`).to.equal('AA');
    const renamed = await sendOne(ctx.server.mllpPort, withControlId(first!.text, `R${Date.now().toString(36)}`));
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
});
