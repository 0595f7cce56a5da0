import { DefinitionRegistry, ProfileValidator, SchemaValidator, isError } from '@nexushealth/profiles';
import { expect } from 'chai';
import { MemoryInbox } from '../inbox/memory-inbox.js';
import { MemoryFhirSink } from '../test-support/memory-fhir-sink.js';
import { adt } from '../test-support/pipeline-fixture.js';
import { parseHl7 } from '../hl7/parse.js';
import { readEnvelope } from './envelope.js';
import { createHl7Worker } from './worker.js';

describe('Provenance and AuditEvent of a message are valid R4 (provenance.html, auditevent.html)', function () {
  this.timeout(60_000);

  it('validates against the base R4 definitions with no error, for AA and for AE', async () => {
    const inbox = new MemoryInbox();
    const sink = new MemoryFhirSink();
    const work = createHl7Worker({ inbox, sink });
    for (const raw of [adt(), adt({ controlId: 'C2', mrn: '' })]) {
      const sender = { transport: 'mllp' as const, address: '10.1.2.3' };
      const { entry } = await inbox.receive({ raw, sender, ...readEnvelope(parseHl7(raw), {}) });
      await work(entry.id);
    }
    const definitions = DefinitionRegistry.create();
    definitions.preload();
    const schema = SchemaValidator.shared();
    const validator = new ProfileValidator(schema, definitions);
    const records = [...sink.all('Provenance'), ...sink.all('AuditEvent')];
    expect(records.map((r) => r.resourceType)).to.deep.equal(['Provenance', 'AuditEvent', 'AuditEvent']);
    for (const record of records) {
      const errors = validator.validate(record).filter(isError);
      expect(errors, `${record.resourceType}: ${JSON.stringify(errors)}`).to.deep.equal([]);
    }
  });
});
