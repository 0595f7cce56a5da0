import type { AuditEvent, Bundle, BundleEntry } from '@medplum/fhirtypes';
import { expect } from 'chai';
import { MemoryInbox } from '../inbox/memory-inbox.js';
import { MemoryFhirSink, SinkHttpError } from '../test-support/memory-fhir-sink.js';
import { ackOf, adt } from '../test-support/pipeline-fixture.js';
import { parseHl7 } from '../hl7/parse.js';
import { readEnvelope } from './envelope.js';
import type { FhirSink } from './fhir-sink.js';
import { createHl7Worker } from './worker.js';

const sender = { transport: 'mllp' as const, address: '10.1.2.3' };
const records = new Set(['Provenance', 'AuditEvent']);

describe('createHl7Worker — Provenance and AuditEvent written once per message', () => {
  let inbox: MemoryInbox;
  let sink: MemoryFhirSink;
  let sent: Bundle[];
  let work: (id: string) => Promise<string>;
  beforeEach(() => {
    inbox = new MemoryInbox();
    sink = new MemoryFhirSink();
    sent = [];
    const spy: FhirSink = {
      transaction: (bundle) => {
        sent.push(bundle);
        return sink.transaction(bundle);
      },
      search: (type, params) => sink.search(type, params),
    };
    work = createHl7Worker({ inbox, sink: spy, maxAttempts: 3, orderWaitMs: 30 });
  });
  const store = async (raw: string) => (await inbox.receive({ raw, sender, ...readEnvelope(parseHl7(raw), {}) })).entry;
  const recordRequests = (bundle: Bundle | undefined): BundleEntry['request'][] =>
    (bundle?.entry ?? []).filter((e) => records.has(e.resource?.resourceType ?? '')).map((e) => e.request);

  // A first attempt cannot have committed: plain POSTs, no search (a scan on FerretDB).
  it('a first attempt POSTs its records plainly (http.html#create)', async () => {
    await work((await store(adt())).id);
    expect(recordRequests(sent[0])).to.deep.equal([
      { method: 'POST', url: 'Provenance' },
      { method: 'POST', url: 'AuditEvent' },
    ]);
  });

  it('applied twice (commit, lost answer, retry; then a replay): one Provenance, one AuditEvent (http.html#ccreate)', async () => {
    const entry = await store(adt());
    sink.commitThenFail = 1;
    await work(entry.id).catch(() => undefined);
    expect(ackOf(await work(entry.id)).code).to.equal('AA');
    await inbox.reset(entry.id);
    expect(ackOf(await work(entry.id)).code).to.equal('AA');
    expect(sink.all('Provenance')).to.have.length(1);
    expect(sink.all('AuditEvent')).to.have.length(1);
  });

  it('an AE retried after its AuditEvent committed writes no second one (http.html#ccreate)', async () => {
    const entry = await store(adt());
    sink.failures.push(new SinkHttpError(422));
    sink.commitThenFail = 1;
    await work(entry.id).catch(() => undefined);
    expect(sink.all('AuditEvent')).to.have.length(1);
    sink.failures.push(new SinkHttpError(422));
    expect(ackOf(await work(entry.id)).code).to.equal('AE');
    expect(recordRequests(sent.at(-1))[0]?.ifNoneExist).to.equal(`_tag=urn:nexushealth:hl7v2:message|${entry.id}`);
    expect(sink.all('AuditEvent')).to.have.length(1);
  });

  it('a retry writes its records only if none has the message tag', async () => {
    const entry = await store(adt());
    sink.failures.push(new Error('ECONNRESET'));
    await work(entry.id).catch(() => undefined);
    await work(entry.id);
    const tag = `_tag=urn:nexushealth:hl7v2:message|${entry.id}`;
    expect(recordRequests(sent.at(-1))).to.deep.equal([
      { method: 'POST', url: 'Provenance', ifNoneExist: tag },
      { method: 'POST', url: 'AuditEvent', ifNoneExist: tag },
    ]);
  });

  it('no PHI from the server: an MRN in diagnostics reaches neither the ACK, the inbox nor the AuditEvent', async () => {
    const entry = await store(adt({ mrn: 'MRN987654' }));
    const refusal = Object.assign(new SinkHttpError(422), {
      outcome: {
        resourceType: 'OperationOutcome',
        issue: [
          {
            severity: 'error',
            code: 'duplicate',
            diagnostics: 'E11000 dup key: { identifier: "SGH|MRN987654" }',
            details: { text: 'Patient MRN987654 exists' },
            expression: ['Bundle.entry[0].resource.identifier[0]'],
          },
        ],
      },
    });
    sink.failures.push(refusal);
    const ack = await work(entry.id);
    const stored = await inbox.get(entry.id);
    const [event] = sink.all('AuditEvent') as AuditEvent[];
    expect(ackOf(ack).errors[0])
      .to.contain('HTTP 422, duplicate')
      .and.contain('Bundle.entry[0].resource.identifier[0]');
    expect(event?.outcomeDesc).to.contain('HTTP 422');
    for (const text of [ack, JSON.stringify(stored?.errors), event?.outcomeDesc ?? ''])
      expect(text).to.not.contain('MRN987654');
  });

  it('no PHI from an error message: the inbox keeps only error names and the HTTP status', async () => {
    const entry = await store(adt({ mrn: 'MRN987654' }));
    sink.failures.push(Object.assign(new Error('E11000 dup key: { identifier: "SGH|MRN987654" }'), { status: 500 }));
    await work(entry.id).catch(() => undefined);
    const stored = await inbox.get(entry.id);
    expect(stored?.errors.map((e) => e.text)).to.deep.equal(['Hl7DeliveryError: Error (HTTP 500)']);
  });
});
