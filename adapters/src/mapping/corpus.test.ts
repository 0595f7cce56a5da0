import type { Encounter, Patient } from '@medplum/fhirtypes';
import { expect } from 'chai';
import { splitBatch } from '../hl7/batch.js';
import type { Hl7Message } from '../hl7/message.js';
import { parseHl7 } from '../hl7/parse.js';
import { hl7CorpusFiles } from '../test-support/corpus.js';
import { applyTwice } from '../test-support/apply-twice.js';
import { MemoryFhirSink } from '../test-support/memory-fhir-sink.js';
import { adtMapper } from './adt.js';
import { mapMessage } from './map-message.js';
import { Hl7UnsupportedError } from './unsupported-error.js';

const supported = new Set(adtMapper.triggers);

describe('HL7 v2 corpus: every ADT message (V2-to-FHIR IG message maps ADT_*)', () => {
  const counts = { messages: 0, encounters: 0, warnings: 0, unsupported: 0 };
  after(() =>
    console.log(
      `      corpus: ${counts.messages} ADT messages mapped, ${counts.encounters} with an Encounter, ${counts.warnings} warnings, ${counts.unsupported} of unsupported triggers (AR 201)`,
    ),
  );

  for (const file of hl7CorpusFiles()) {
    let messages: Hl7Message[];
    try {
      messages = splitBatch(file.text).map(parseHl7);
    } catch {
      continue; // refused files are covered by the parser corpus test
    }
    const adt = messages.filter((m) => m.get('MSH')?.field(9).component(1) === 'ADT');
    if (adt.length === 0) continue;
    it(`maps ${file.name}: idempotent entries, every urn:uuid reference inside the Bundle, applied twice the same`, async () => {
      for (const message of adt) {
        const trigger = message.get('MSH')?.field(9).component(2) ?? '';
        if (!supported.has(trigger)) {
          expect(() => mapMessage(message)).to.throw(Hl7UnsupportedError);
          counts.unsupported += 1;
          continue;
        }
        const { bundle, warnings } = mapMessage(message);
        const entries = bundle.entry ?? [];
        const fullUrls = new Set(entries.map((e) => e.fullUrl));
        for (const entry of entries) {
          expect(entry.fullUrl).to.match(/^urn:uuid:/);
          const { method, url, ifNoneExist } = entry.request ?? {};
          if (method === 'PUT' || method === 'PATCH') expect(url).to.match(/^[A-Za-z]+\?identifier=[^|]+\|.+/);
          else expect([method, ifNoneExist]).to.satisfy(([m, c]: unknown[]) => m === 'POST' && typeof c === 'string');
          for (const ref of JSON.stringify(entry.resource).match(/urn:uuid:[0-9a-f-]+/g) ?? []) {
            expect(fullUrls.has(ref), `${ref} is an entry of the Bundle`).to.equal(true);
          }
        }
        const patient = entries.find((e) => e.resource?.resourceType === 'Patient')?.resource as Patient;
        const pid3 = message
          .get('PID')
          ?.field(3)
          .repetitions.flatMap((r) => r.value ?? []);
        expect(patient.identifier?.map((i) => i.value)).to.deep.equal(pid3);
        await applyTwice(new MemoryFhirSink(), bundle);
        const encounter = entries.find((e) => e.resource?.resourceType === 'Encounter')?.resource as
          Encounter | undefined;
        if (encounter !== undefined) {
          expect(encounter.identifier?.[0]?.value).to.equal(message.get('PV1')?.field(19).value);
          counts.encounters += 1;
        }
        counts.messages += 1;
        counts.warnings += warnings.length;
      }
    });
  }
});
