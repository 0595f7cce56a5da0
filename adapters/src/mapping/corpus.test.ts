import type { Encounter, Patient } from '@medplum/fhirtypes';
import { expect } from 'chai';
import { splitBatch } from '../hl7/batch.js';
import { parseHl7 } from '../hl7/parse.js';
import { hl7CorpusFiles } from '../test-support/corpus.js';
import { mapMessage } from './map-message.js';

describe('HL7 v2 corpus: ADT A01/A04/A08 mapping', () => {
  const counts = { messages: 0, encounters: 0, warnings: 0 };
  after(() =>
    console.log(
      `      corpus: ${counts.messages} ADT messages mapped, ${counts.encounters} with an Encounter, ${counts.warnings} warnings`,
    ),
  );

  for (const file of hl7CorpusFiles()) {
    let messages;
    try {
      messages = splitBatch(file.text).map(parseHl7);
    } catch {
      continue; // refused files are covered by the parser corpus test
    }
    const adt = messages.filter((m) => /^ADT\^A0[148](\^|$)/.test(m.get('MSH')?.field(9).raw ?? ''));
    if (adt.length === 0) continue;
    it(`maps ${file.name}`, () => {
      for (const message of adt) {
        const { bundle, warnings } = mapMessage(message);
        const [patientEntry, encounterEntry] = bundle.entry ?? [];
        const patient = patientEntry?.resource as Patient;
        const pid3 = message
          .get('PID')
          ?.field(3)
          .repetitions.filter((r) => r.value !== undefined)
          .map((r) => r.value);
        expect(patient.identifier?.map((i) => i.value)).to.deep.equal(pid3);
        expect(patientEntry?.request?.url).to.match(/^Patient\?identifier=[^|]+\|.+/);
        const visit = message.get('PV1')?.field(19).value;
        if (visit === undefined) {
          expect(encounterEntry).to.equal(undefined);
        } else {
          const encounter = encounterEntry?.resource as Encounter;
          expect(encounter.identifier?.[0]?.value).to.equal(visit);
          expect(encounter.subject?.reference)
            .to.equal(patientEntry?.fullUrl)
            .and.match(/^urn:uuid:/);
          counts.encounters += 1;
        }
        counts.messages += 1;
        counts.warnings += warnings.length;
      }
    });
  }
});
