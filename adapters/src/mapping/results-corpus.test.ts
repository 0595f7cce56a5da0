import { expect } from 'chai';
import { corpusMessages } from '../test-support/corpus.js';
import { applyTwice } from '../test-support/apply-twice.js';
import { MemoryFhirSink } from '../test-support/memory-fhir-sink.js';
import { mapMessage } from './map-message.js';

/** The message types of the results/orders/vaccination mappers (MSH-9.1 → the triggers mapped). */
const mapped: Readonly<Record<string, string>> = { ORU: 'R01', ORM: 'O01', OML: 'O21', VXU: 'V04' };

describe('HL7 v2 corpus: results, orders, vaccinations (V2-to-FHIR IG message maps ORU_R01, …)', () => {
  const counts = { messages: 0, entries: 0, warnings: 0 };
  after(() =>
    console.log(
      `      corpus: ${counts.messages} result/order/vaccination messages mapped into ${counts.entries} entries, ${counts.warnings} warnings`,
    ),
  );

  const files = Object.entries(mapped).flatMap(([code, trigger]) =>
    corpusMessages(code).map(({ name, messages }) => ({
      name,
      messages: messages.filter((m) => m.get('MSH')?.field(9).component(2) === trigger),
    })),
  );
  for (const { name, messages } of files) {
    if (messages.length === 0) continue;
    it(`maps ${name}: one conditional entry per condition, references inside the Bundle, applied twice the same`, async () => {
      for (const message of messages) {
        const { bundle, warnings } = mapMessage(message);
        const entries = bundle.entry ?? [];
        const fullUrls = new Set(entries.map((e) => e.fullUrl));
        const conditions = entries.map((e) => `${e.request?.url}?${e.request?.ifNoneExist ?? ''}`);
        expect(new Set(conditions).size, 'one entry per condition').to.equal(conditions.length);
        for (const entry of entries) {
          expect(entry.fullUrl).to.match(/^urn:uuid:/);
          expect(entry.request?.method === 'PUT' ? entry.request.url : entry.request?.ifNoneExist).to.match(
            /identifier=[^|]+\|.+/,
          );
          for (const ref of JSON.stringify(entry.resource).match(/urn:uuid:[0-9a-f-]+/g) ?? []) {
            expect(fullUrls.has(ref), `${ref} is an entry of the Bundle`).to.equal(true);
          }
        }
        await applyTwice(new MemoryFhirSink(), bundle);
        counts.messages += 1;
        counts.entries += entries.length;
        counts.warnings += warnings.length;
      }
    });
  }
});
