import type { Bundle } from '@medplum/fhirtypes';
import { expect } from 'chai';
import { splitBatch } from '../hl7/batch.js';
import { parseHl7 } from '../hl7/parse.js';
import { mappers } from '../mapping/mappers.js';
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
        // Everything we do not map (other types, other events, MSH without MSH-9, refused input) is an AR.
        expect(code, file.name).to.equal(isMapped(raw) ? 'AA' : 'AR');
      }
    });
  }
});

/** Complete MSH-10..12 and a type and trigger some registered mapper handles (mapping/mappers.ts). */
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
