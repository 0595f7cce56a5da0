import { expect } from 'chai';
import type { Hl7Inbox } from '../inbox/inbox.js';
import { hl7CorpusFiles } from '../test-support/corpus.js';
import { ackOf, pipeline } from '../test-support/pipeline-fixture.js';

/** The final ACK of each message of a file, in order; a refusal names its ERR-3 code (table 0357) and why. */
interface Expected {
  readonly codes: readonly string[];
  readonly refusal?: { readonly errorCode: string; readonly reason: string };
}
const aa = (messages = 1): Expected => ({ codes: Array<string>(messages).fill('AA') });
const refused = (errorCode: string, reason: string, codes: readonly string[] = ['AR']): Expected => ({
  codes,
  refusal: { errorCode, reason },
});

/**
 * Every file of the shared corpus with the answers it must get, written down rather than derived from
 * the parser or the mapper registry (a regression there would change the expectation with the result).
 * 200/201: no mapper for the type/event (v2.5.1 §2.9.2 AR); 100-102: a malformed message or batch.
 * A duplicate MSH-3/4/10 inside a file is answered, not stored again, so it has no entry of its own.
 */
const expectedAcks: Readonly<Record<string, Expected>> = {
  'fhirconverter__ADT-A01-01.hl7': aa(),
  'fhirconverter__ADT-A02-01.hl7': aa(),
  'fhirconverter__ADT-A03-01.hl7': aa(),
  'fhirconverter__ADT-A04-01.hl7': aa(),
  'fhirconverter__ADT-A05-01.hl7': aa(),
  'fhirconverter__ADT-A08-01.hl7': aa(),
  'fhirconverter__ADT-A11-01.hl7': aa(),
  'fhirconverter__ADT-A13-01.hl7': aa(),
  'fhirconverter__ADT-A28-01.hl7': aa(),
  'fhirconverter__ADT-A29-01.hl7': refused('201', 'event A29 has no mapper'),
  'fhirconverter__ADT-A31-01.hl7': aa(),
  'fhirconverter__ADT-A40-02.hl7': aa(),
  'fhirconverter__ADT-A47-02.hl7': refused('201', 'event A47 has no mapper'),
  'fhirconverter__ADT-A60-01.hl7': refused('201', 'event A60 has no mapper'),
  'fhirconverter__ADT04-28.hl7': aa(),
  'fhirconverter__BAR-P01-01.hl7': refused('200', 'message type BAR has no mapper'),
  'fhirconverter__DFT-P03-02.hl7': aa(),
  'fhirconverter__LAB-ORM-1.hl7': aa(),
  'fhirconverter__LAB-ORU-2.hl7': aa(),
  'fhirconverter__MDHHS-OML-O21-2.hl7': aa(),
  'fhirconverter__MDM-T02-02.hl7': aa(),
  'fhirconverter__MDM_01.hl7': aa(),
  'fhirconverter__OML-O21-01.hl7': aa(),
  'fhirconverter__ORM-O01-01.hl7': aa(),
  'fhirconverter__ORU-R01-01.hl7': aa(),
  'fhirconverter__OUL-R22-01.hl7': refused('200', 'message type OUL has no mapper'),
  'fhirconverter__PC1-Problem-Add-v2.3.1.hl7': refused('200', 'message type PPR has no mapper'),
  'fhirconverter__PC1-Problem-Update-v2.3.1.hl7': refused('200', 'message type PPR has no mapper'),
  'fhirconverter__RDE-O11-01.hl7': refused('200', 'message type RDE has no mapper'),
  'fhirconverter__SIU-S12-01.hl7': aa(),
  'fhirconverter__SIU_12.hl7': refused('201', 'event A60 has no mapper'),
  'fhirconverter__VXU-V04-01.hl7': aa(),
  'hl7-standard__ACK_AR_with_ERR.hl7': refused('200', 'message type ACK has no mapper'),
  'hl7-standard__ADT_A01_CRLF_ROL_CON.hl7': aa(),
  'hl7-standard__ORU_R01_space_for_escape_char.hl7': aa(),
  'hl7-standard__RSP_K11_immunization_forecast.hl7': refused('200', 'message type RSP has no mapper'),
  'hl7-standard__batch_FHS_BHS_2msgs_MSH_in_OBX.hl7': refused('200', 'message type RSP has no mapper', ['AA', 'AR']),
  'hl7apy__ADT_A01_v26_NK1_IN1.hl7': aa(),
  'hl7apy__MSH_only_custom_delimiters.hl7': refused('200', 'message type RSP has no mapper'),
  'hl7apy__MSH_only_highlight_escapes.hl7': refused('200', 'message type RSP has no mapper'),
  'hl7apy__OML_O33_multi_specimen_groups.hl7': refused('201', 'event O33 has no mapper'),
  'hl7apy__RSP_K22_PDQ_response.hl7': refused('200', 'message type RSP has no mapper'),
  'hl7apy__RSP_K22_v27_truncation_char.hl7': refused('200', 'message type RSP has no mapper'),
  'hl7apy__ZDT_Z01_custom_message_type.hl7': refused('200', 'message type ZDT has no mapper'),
  'hl7apy__Z_segments_ZIN_ZBE_interleaved.hl7': refused('200', 'message type RSP has no mapper'),
  'linuxforhealth__ADT_A01_PV2_escapes_T_R.hl7': aa(),
  'linuxforhealth__ADT_A02_NK1_AL1.hl7': aa(),
  'linuxforhealth__ADT_A18_merge.hl7': refused('201', 'event A18 has no mapper'),
  'linuxforhealth__ADT_A34_merge_MRG.hl7': refused('101', 'MSH-10 (message control id) is empty'),
  'linuxforhealth__ADT_A40_merge_single.hl7': aa(),
  'linuxforhealth__ADT_A40_merge_two_pairs.hl7': aa(),
  'linuxforhealth__CUSTOM_PAT_PRB_AL1_escape_R.hl7': refused('200', 'message type CUSTOM has no mapper'),
  'linuxforhealth__OMP_O09_RXO_RXR.hl7': refused('200', 'message type OMP has no mapper'),
  'linuxforhealth__ORU-multiline-short-mixed.hl7': aa(),
  'linuxforhealth__ORU-multiline-short.hl7': aa(),
  'linuxforhealth__VXU_V04_repetitions.hl7': aa(),
  'linuxforhealth__sample_unix.hl7': refused(
    '102',
    'MSH-2 `^~\\\\&`: escape and subcomponent separator would be one character',
  ),
  'linuxforhealth__sample_win.hl7': refused(
    '102',
    'MSH-2 `^~\\\\&`: escape and subcomponent separator would be one character',
  ),
  'python-hl7__ADT_A01_IN1_IN2_DG1_nulls.hl7': aa(),
  'python-hl7__NEGATIVE_batch_without_MSH.hl7': refused('100', 'NEGATIVE: a segment outside any message'),
  'python-hl7__NEGATIVE_file_BHS_inside_message.hl7': refused('100', 'NEGATIVE: BHS while a batch is still open'),
  'python-hl7__ORU_R01_v24.hl7': aa(),
  'python-hl7__batch_BHS_2msgs_BTS.hl7': aa(2),
  'python-hl7__batch_headerless_2msgs.hl7': aa(2),
  'python-hl7__file_FHS_2batches.hl7': aa(2),
  'python-hl7__file_FHS_BHS_BTS_FTS_single.hl7': aa(),
  'python-hl7__nonstandard_delimiters_dollar_percent.hl7': refused('101', 'a bare MSH with no MSH-9 (message type)'),
  'python-hl7__repetition_subcomponent_minimal.hl7': aa(),
};

describe('HL7 v2 corpus: through receiver, inbox, queue and worker', () => {
  const tally: Record<string, number> = {};
  after(() => console.log(`      corpus ACKs: ${JSON.stringify(tally)}`));

  const files = hl7CorpusFiles();
  it('has an expected answer for every corpus file, and none for a file that is gone', () => {
    expect(Object.keys(expectedAcks).sort()).to.deep.equal(files.map((f) => f.name).sort());
  });

  for (const file of files) {
    it(`acknowledges ${file.name} message by message, and answers a resend the same without applying it again`, async () => {
      const { receive, sink, sender, inbox } = pipeline();
      const reply = await receive(file.bytes, sender);
      // Messages with MSH-15 are in enhanced mode: their application ACK is the inbox's.
      const finalAcks = await settled(inbox);
      const codes = finalAcks.map((ack) => ackOf(ack).code);
      for (const code of codes) tally[code] = (tally[code] ?? 0) + 1;
      const errors = finalAcks.flatMap((a) => ackOf(a).errors).join('; ');
      const expected = expectedAcks[file.name];
      expect(codes, `${file.name}: ${errors}`).to.deep.equal(expected?.codes);
      if (expected?.refusal !== undefined) {
        const { errorCode, reason } = expected.refusal;
        expect(errors, `${file.name}: ${reason}`).to.match(new RegExp(`\\b${errorCode}\\b`));
      }
      const transactions = sink.transactions;
      // The same answers (MSA); a commit ACK or a batch envelope is written anew, with its own control id.
      const msa = (r: Uint8Array | undefined) => splitAcks(r).map((ack) => ackOf(ack));
      expect(msa(await receive(file.bytes, sender)), `${file.name}: the resend`).to.deep.equal(msa(reply));
      expect(sink.transactions, `${file.name}: transactions after the resend`).to.equal(transactions);
    });
  }
});

/** The final ACKs of every inbox entry, in arrival order, once none is pending. */
async function settled(inbox: Hl7Inbox): Promise<string[]> {
  for (;;) {
    const entries = await inbox.list({ limit: 1000 });
    if (entries.every((e) => e.status === 'processed' || e.status === 'dead-lettered')) {
      return entries.map((e) => e.ack ?? '');
    }
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
}

/** The ACK messages of a reply (one ACK, or a batch of them), as text. */
function splitAcks(reply: Uint8Array | undefined): string[] {
  const text = Buffer.from(reply ?? []).toString('utf8');
  return text.split(/(?=^MSH)/m).filter((part) => part.startsWith('MSH'));
}
