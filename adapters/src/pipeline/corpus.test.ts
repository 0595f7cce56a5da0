import { expect } from 'chai';
import { readBatchFile } from '../hl7/batch.js';
import type { Hl7Inbox } from '../inbox/inbox.js';
import { parseHl7 } from '../hl7/parse.js';
import { mappers } from '../mapping/mappers.js';
import { hl7CorpusFiles } from '../test-support/corpus.js';
import { ackOf, pipeline } from '../test-support/pipeline-fixture.js';

describe('HL7 v2 corpus: through receiver, inbox, queue and worker', () => {
  const tally: Record<string, number> = {};
  after(() => console.log(`      corpus ACKs: ${JSON.stringify(tally)}`));

  for (const file of hl7CorpusFiles()) {
    it(`acknowledges ${file.name} message by message, and answers a resend the same without applying it again`, async () => {
      const { receive, sink, sender, inbox } = pipeline();
      const reply = await receive(file.bytes, sender);
      // Messages with MSH-15 are in enhanced mode: their application ACK is the inbox's.
      const finalAcks = await settled(inbox);
      const codes = finalAcks.map((ack) => ackOf(ack).code);
      for (const code of codes) tally[code] = (tally[code] ?? 0) + 1;
      const errors = finalAcks.flatMap((a) => ackOf(a).errors).join('; ');
      expect(codes, `${file.name}: ${errors}`).to.deep.equal(expectedCodes(file.text));
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

/** AA for each message of a type and trigger some registered mapper handles (with MSH-10..12), else AR. */
function expectedCodes(text: string): string[] {
  let messages: string[];
  try {
    messages = readBatchFile(text).messages;
  } catch {
    return ['AR']; // a refused batch or file: one AR for the whole
  }
  // A message whose MSH-3/4/10 came before is a duplicate: answered, not stored again.
  const keys = messages.map((raw) => {
    try {
      const msh = parseHl7(raw).get('MSH');
      return [3, 4, 10].map((n) => msh?.field(n).raw).join('^');
    } catch {
      return raw;
    }
  });
  return messages.filter((_, i) => keys.indexOf(keys[i] ?? '') === i).map((raw) => (isMapped(raw) ? 'AA' : 'AR'));
}

function isMapped(raw: string): boolean {
  try {
    const msh = parseHl7(raw).get('MSH');
    const msh9 = msh?.field(9);
    if ([10, 11, 12].some((n) => msh?.field(n).value === undefined)) return false;
    return mappers.some((m) => m.messageCode === msh9?.component(1) && m.triggers.includes(msh9.component(2) ?? ''));
  } catch {
    return false;
  }
}
