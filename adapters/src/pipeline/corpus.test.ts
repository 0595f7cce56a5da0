import type { Bundle } from '@medplum/fhirtypes';
import { expect } from 'chai';
import { splitBatch } from '../hl7/batch.js';
import { parseHl7 } from '../hl7/parse.js';
import { hl7CorpusFiles } from '../test-support/corpus.js';
import { createHl7Processor } from './processor.js';

describe('HL7 v2 corpus: through the processor', () => {
  const bundles: Bundle[] = [];
  const process = createHl7Processor({
    sink: {
      transaction: async (bundle) => (bundles.push(bundle), { resourceType: 'Bundle', type: 'transaction-response' }),
    },
  });
  const tally: Record<string, number> = {};
  after(() => console.log(`      corpus ACKs: ${JSON.stringify(tally)}, ${bundles.length} bundles delivered`));

  for (const file of hl7CorpusFiles()) {
    it(`acknowledges ${file.name}`, async () => {
      let messages: string[];
      try {
        messages = splitBatch(file.text);
      } catch {
        messages = [file.text]; // a refused batch: the processor must still answer it, with an AR
      }
      for (const raw of messages) {
        const code =
          parseHl7(await process(raw))
            .get('MSA')
            ?.field(1).value ?? 'none';
        tally[code] = (tally[code] ?? 0) + 1;
        // Everything we do not map (other types, other ADT events, MSH without MSH-9, refused input) is an AR.
        expect(code, file.name).to.equal(isMappedAdt(raw) ? 'AA' : 'AR');
      }
    });
  }
});

function isMappedAdt(raw: string): boolean {
  try {
    return /^ADT\^A0[148]($|\^)/.test(parseHl7(raw).get('MSH')?.field(9).raw ?? '');
  } catch {
    return false;
  }
}
