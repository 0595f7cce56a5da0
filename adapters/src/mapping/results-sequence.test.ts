import type { DiagnosticReport, Immunization, Observation, ServiceRequest } from '@medplum/fhirtypes';
import { expect } from 'chai';
import { parseHl7 } from '../hl7/parse.js';
import { segment } from '../test-support/adt-fixture.js';
import { MemoryFhirSink, SinkHttpError } from '../test-support/memory-fhir-sink.js';
import { message } from '../test-support/message-fixture.js';
import { mapMessage } from './map-message.js';

const pid = segment('PID', { 1: '1', 3: 'MRN1^^^HOSP^MR', 5: 'DOE^JANE' });
const orc = (control: string, status = ''): string =>
  segment('ORC', { 1: control, 2: 'PL1^EHR', 3: 'FL1^LAB', 5: status });
const obr = (status: string): string =>
  segment('OBR', { 1: '1', 2: 'PL1^EHR', 3: 'FL1^LAB', 4: '2345-7^Glucose^LN', 7: '20240301080000', 25: status });
const obx = (status: string, value: string): string =>
  segment('OBX', { 1: '1', 2: 'NM', 3: '2345-7^Glucose^LN', 5: value, 6: 'mg/dL', 11: status });
const apply = async (sink: MemoryFhirSink, type: string, ...segments: string[]): Promise<void> => {
  await sink.transaction(mapMessage(parseHl7(message(type, [pid, ...segments]))).bundle);
};

describe('http.html#cond-update — results, orders and vaccinations applied in sequence and twice', () => {
  it('a final ORU after a preliminary one replaces report and observation, creating nothing new (OBR-25/OBX-11)', async () => {
    const sink = new MemoryFhirSink();
    await apply(sink, 'ORU^R01', orc('RE'), obr('P'), obx('P', '99'));
    await apply(sink, 'ORU^R01', orc('RE'), obr('F'), obx('C', '101'));
    await apply(sink, 'ORU^R01', orc('RE'), obr('F'), obx('C', '101'));
    const reports = sink.all('DiagnosticReport') as DiagnosticReport[];
    const observations = sink.all('Observation') as Observation[];
    expect(reports.map((r) => r.status)).to.deep.equal(['final']);
    expect(observations.map((o) => [o.status, o.valueQuantity?.value])).to.deep.equal([['corrected', 101]]);
    expect(sink.all('ServiceRequest')).to.have.length(1);
    expect(sink.all('Patient')).to.have.length(1);
  });

  it('an order, its result, then its cancel: one ServiceRequest; the result does not overwrite the order', async () => {
    const sink = new MemoryFhirSink();
    await apply(sink, 'ORM^O01', orc('NW'), obr(''));
    await apply(sink, 'ORU^R01', orc('RE', 'CM'), obr('F'), obx('F', '99'));
    const [ordered, ...more] = sink.all('ServiceRequest') as ServiceRequest[];
    expect(more).to.deep.equal([]);
    expect(ordered?.status, 'the order message owns the order').to.equal('active');
    await apply(sink, 'ORM^O01', orc('CA'), obr(''));
    const [cancelled] = sink.all('ServiceRequest') as ServiceRequest[];
    expect(cancelled?.status).to.equal('revoked');
    expect(cancelled?.code?.coding?.[0]?.code, 'the cancel restates the order with its OBR').to.equal('2345-7');
    const report = sink.all('DiagnosticReport')[0] as DiagnosticReport;
    expect(report.basedOn?.[0]?.reference).to.equal(`ServiceRequest/${cancelled?.id}`);
  });

  it('a cancel without OBR patches the stored order to revoked and keeps the rest of it (http.html#patch)', async () => {
    const sink = new MemoryFhirSink();
    await apply(sink, 'ORM^O01', orc('NW'), obr(''));
    const [ordered] = sink.all('ServiceRequest') as ServiceRequest[];
    await apply(sink, 'ORM^O01', orc('CA'));
    const [cancelled, ...more] = sink.all('ServiceRequest') as ServiceRequest[];
    expect(more).to.deep.equal([]);
    expect(cancelled).to.deep.equal({ ...ordered, status: 'revoked', meta: { versionId: '2' } });
  });

  it('a cancel without OBR for an order never seen is refused with 404, creating nothing (http.html#patch)', async () => {
    const sink = new MemoryFhirSink();
    const refusal = await apply(sink, 'ORM^O01', orc('CA')).catch((error: unknown) => error);
    expect(refusal).to.be.instanceOf(SinkHttpError).with.property('status', 404);
    expect(sink.snapshot(), 'all or nothing: not even the Patient').to.equal('[]');
  });

  it('a result before its order: the order message then completes the same ServiceRequest', async () => {
    const sink = new MemoryFhirSink();
    await apply(sink, 'ORU^R01', orc('RE', 'CM'), obr('F'), obx('F', '99'));
    await apply(sink, 'ORM^O01', orc('NW'), obr(''));
    expect((sink.all('ServiceRequest') as ServiceRequest[]).map((r) => r.status)).to.deep.equal(['active']);
  });

  it('a VXU sent twice is one Immunization; its RXA-21 D resend marks that one entered-in-error', async () => {
    const sink = new MemoryFhirSink();
    const vxuOrc = segment('ORC', { 1: 'RE', 3: 'IZ-1^REG' });
    const rxa = (action: string): string =>
      segment('RXA', { 1: '0', 2: '1', 3: '20240301', 5: '08^Hep B^CVX', 6: '0.5', 7: 'mL', 20: 'CP', 21: action });
    await apply(sink, 'VXU^V04', vxuOrc, rxa('A'));
    await apply(sink, 'VXU^V04', vxuOrc, rxa('A'));
    await apply(sink, 'VXU^V04', vxuOrc, rxa('D'));
    expect((sink.all('Immunization') as Immunization[]).map((i) => i.status)).to.deep.equal(['entered-in-error']);
  });
});
