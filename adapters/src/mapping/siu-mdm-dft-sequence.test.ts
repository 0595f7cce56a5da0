import type { Appointment, DocumentReference } from '@medplum/fhirtypes';
import { expect } from 'chai';
import { parseHl7 } from '../hl7/parse.js';
import { reconcileStale } from '../pipeline/stale-reconcile.js';
import { segment } from '../test-support/adt-fixture.js';
import { corpusMessages } from '../test-support/corpus.js';
import { MemoryFhirSink } from '../test-support/memory-fhir-sink.js';
import { message } from '../test-support/message-fixture.js';
import { mapMessage } from './map-message.js';
import type { MappingResult } from './mapping-result.js';

const pid = segment('PID', { 1: '1', 3: 'MRN1^^^CLINIC^MR', 5: 'DOE^JANE' });
const siu = (trigger: string, ids: Record<number, string>, extra: Record<number, string> = {}): MappingResult =>
  mapMessage(
    parseHl7(message(`SIU^${trigger}^SIU_S12`, [segment('SCH', { ...ids, 6: 'PAT^Patient', ...extra }), pid])),
  );
const at = (start: string): Record<number, string> => ({ 11: `^^^${start}^${start.slice(0, 10)}30` });
const snapshot = (sink: MemoryFhirSink, type: string): string =>
  JSON.stringify(sink.all(type).map(({ meta: _meta, ...rest }) => rest));

describe('http.html#cond-update — SIU, MDM and DFT applied in sequence and twice', () => {
  it('S12 (placer id only), S14 (placer and filler), S15 (filler only) end as one cancelled Appointment', async () => {
    const sink = new MemoryFhirSink();
    await sink.transaction(siu('S12', { 1: 'P1^PL' }, at('202403050900')).bundle);
    await sink.transaction(siu('S14', { 1: 'P1^PL', 2: 'F1^FI' }, at('202403051000')).bundle);
    await sink.transaction(siu('S15', { 2: 'F1^FI' }).bundle);
    const [appointment, ...more] = sink.all('Appointment') as Appointment[];
    expect(more).to.deep.equal([]);
    expect(appointment?.status).to.equal('cancelled');
  });

  it('an S15 for an appointment never seen leaves a cancelled one, which a late S12 does not revive', async () => {
    const sink = new MemoryFhirSink();
    await sink.transaction(siu('S15', { 2: 'F2^FI' }).bundle);
    const late = siu('S12', { 2: 'F2^FI' }, at('202403050900'));
    await sink.transaction(await reconcileStale(late, sink));
    const [appointment, ...more] = sink.all('Appointment') as Appointment[];
    expect(more).to.deep.equal([]);
    expect(appointment?.status).to.equal('cancelled');
    expect(appointment?.cancelationReason?.coding?.[0]?.code).to.equal('PAT');
  });

  it('a late S15 still cancels a booking applied after it (stateElements status, cancelationReason)', async () => {
    const sink = new MemoryFhirSink();
    await sink.transaction(siu('S12', { 2: 'F3^FI' }, at('202403050900')).bundle);
    await sink.transaction(await reconcileStale(siu('S15', { 2: 'F3^FI' }), sink));
    const [appointment] = sink.all('Appointment') as Appointment[];
    expect([appointment?.status, appointment?.start]).to.deep.equal(['cancelled', '2024-03-05T09:00:00+00:00']);
  });

  for (const code of ['SIU', 'MDM', 'DFT']) {
    for (const { name, messages } of corpusMessages(code)) {
      it(`applies ${name} twice with the same result`, async () => {
        const sink = new MemoryFhirSink();
        const types = ['Patient', 'Encounter', 'Practitioner', 'Appointment', 'DocumentReference', 'ChargeItem'];
        for (const m of messages) await sink.transaction(mapMessage(m).bundle);
        const once = types.map((t) => snapshot(sink, t));
        for (const m of messages) await sink.transaction(mapMessage(m).bundle);
        expect(types.map((t) => snapshot(sink, t))).to.deep.equal(once);
        expect(sink.all(code === 'SIU' ? 'Appointment' : code === 'MDM' ? 'DocumentReference' : 'ChargeItem')).not.to.be
          .empty;
      });
    }
  }

  it('a document replayed after its edit is create-only: the edit stays', async () => {
    const sink = new MemoryFhirSink();
    const mdm = (trigger: string, text: string): MappingResult =>
      mapMessage(
        parseHl7(
          message(`MDM^${trigger}^MDM_T02`, [
            pid,
            segment('TXA', { 1: '1', 2: 'CN', 12: 'DOC9', 17: 'AU' }),
            segment('OBX', { 1: '1', 2: 'TX', 5: text }),
          ]),
        ),
      );
    await sink.transaction(mdm('T08', 'edited').bundle);
    await sink.transaction(await reconcileStale(mdm('T02', 'original'), sink));
    const [doc, ...more] = sink.all('DocumentReference') as DocumentReference[];
    expect(more).to.deep.equal([]);
    expect(Buffer.from(doc?.content[0]?.attachment.data ?? '', 'base64').toString()).to.equal('edited');
  });
});
