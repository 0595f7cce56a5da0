import type { Bundle } from '@medplum/fhirtypes';
import { expect } from 'chai';
import { Hl7DeliveryError } from './delivery-error.js';
import type { FhirSink } from './fhir-sink.js';
import { createHl7Processor } from './processor.js';

/** A sink that records Bundles and answers like a FHIR server's transaction-response (or fails as told). */
class FakeSink implements Pick<FhirSink, 'transaction'> {
  readonly bundles: Bundle[] = [];
  constructor(private readonly failure?: unknown) {}
  async transaction(bundle: Bundle): Promise<Bundle> {
    if (this.failure !== undefined) throw this.failure;
    this.bundles.push(bundle);
    return {
      resourceType: 'Bundle',
      type: 'transaction-response',
      entry: (bundle.entry ?? []).map((_, i) => ({
        response: { status: '201 Created', location: `Patient/${i}/_history/1` },
      })),
    };
  }
}

const adt = [
  'MSH|^~\\&|ADT|SGH|NEXUS|NH|20240102030405||ADT^A01^ADT_A01|C1|P|2.5.1',
  'PID|1||MRN1^^^SGH^MR||DOE^JANE||19800101|F',
  'PV1|1|I|4E||||||||||||||||V100',
].join('\r');

const lines = (ack: string): string[] => ack.split('\r').filter((l) => l !== '');

describe('createHl7Processor', () => {
  it('delivers the Bundle and answers AA', async () => {
    const sink = new FakeSink();
    const ack = await createHl7Processor({ sink })(adt);
    expect(sink.bundles).to.have.length(1);
    expect(lines(ack)[1]).to.equal('MSA|AA|C1');
  });

  it('answers AA with W warnings when something was left out', async () => {
    const ack = await createHl7Processor({ sink: new FakeSink() })(adt.replace('V100', ''));
    expect(lines(ack).slice(1)).to.deep.equal([
      'MSA|AA|C1',
      'ERR||PV1^1^19^1|101^Required field missing^HL70357|W||||no visit number: the Encounter was not recorded',
    ]);
  });

  it('answers AR for an unsupported type, AE for unmappable content, without calling the sink', async () => {
    const sink = new FakeSink();
    const process = createHl7Processor({ sink });
    expect(lines(await process(adt.replace('ADT^A01', 'QRY^A19')))[1]).to.equal('MSA|AR|C1');
    expect(lines(await process(adt.replace('MRN1^^^SGH^MR', '')))[1]).to.equal('MSA|AE|C1');
    expect(sink.bundles).to.have.length(0);
  });

  it('answers AR for unparsable input and for a header missing MSH-10', async () => {
    const process = createHl7Processor({ sink: new FakeSink() });
    expect(lines(await process('PID|1||x'))[1]).to.equal('MSA|AR|');
    expect(lines(await process(adt.replace('|C1|', '||')))[2]).to.contain('MSH^1^10');
  });

  it('turns a 4xx OperationOutcome from the sink into AE with its diagnostics', async () => {
    const refusal = Object.assign(new Error('422'), {
      status: 422,
      outcome: {
        resourceType: 'OperationOutcome',
        issue: [{ severity: 'error', code: 'invalid', diagnostics: 'bad gender', expression: ['Patient.gender'] }],
      },
    });
    const ack = await createHl7Processor({ sink: new FakeSink(refusal) })(adt);
    expect(lines(ack).slice(1)).to.deep.equal([
      'MSA|AE|C1',
      'ERR|||207^Application internal error^HL70357|E||||bad gender (at Patient.gender)',
    ]);
  });

  it('throws Hl7DeliveryError for a 5xx or a connection failure, so a queue retries', async () => {
    for (const failure of [
      Object.assign(new Error('503'), { status: 503 }),
      new Error('ECONNREFUSED'),
      Object.assign(new Error('429'), { status: 429 }),
    ]) {
      const error: unknown = await createHl7Processor({ sink: new FakeSink(failure) })(adt).then(
        () => undefined,
        (e: unknown) => e,
      );
      expect(error).to.be.instanceOf(Hl7DeliveryError).with.property('cause', failure);
    }
  });

  it('refuses an unknown time zone when it is created', () => {
    expect(() => createHl7Processor({ sink: new FakeSink(), defaultTimeZone: 'Mars/Olympus' })).to.throw(RangeError);
  });
});
