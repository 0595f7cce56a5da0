import { mapMessage, parseHl7 } from '@nexushealth/adapters';
import { corpusMessages } from '@nexushealth/adapters/testing';
import type { Appointment, Bundle, DocumentReference, Resource } from '@medplum/fhirtypes';
import { expect } from 'chai';
import { startTestServer, type TestServer } from '../api/test-server.js';

const msh = (type: string, control: string): string =>
  `MSH|^~\\&|SCHED|CLINIC|NEXUS|NH|20240301080000||${type}|${control}|P|2.5.1`;
const pid = 'PID|1||MRN1^^^CLINIC^MR||DOE^JANE||19800101|F';
/** SCH with SCH-1, SCH-2, SCH-6 and SCH-11 (TQ.4 start ^ TQ.5 end) as given. */
const sch = (placer: string, filler: string, start = '', end = ''): string =>
  `SCH|${placer}|${filler}||||CANC^Cancelled|||||^^^${start}^${end}`;
const txa = (doc: string): string => `TXA|1|CN|TX|||20240301080000||||||${doc}|||||AU||AV`;

/**
 * The SIU, MDM and DFT mappers' Bundles applied by the real server, with the base and profile
 * validation it runs on writes (which the adapters' MemoryFhirSink does not run), and its search and PATCH
 * implementations rather than the test double's.
 */
describe('SIU, MDM and DFT transactions on the server (http.html#cond-update, http.html#patch)', () => {
  let server: TestServer;
  before(async () => (server = await startTestServer()));
  after(() => server.close());

  const apply = async (er7: string): Promise<{ status: number; body: Bundle }> => {
    const { bundle } = mapMessage(parseHl7(er7.replace(/\n/g, '\r')));
    const response = await fetch(server.baseUrl, {
      method: 'POST',
      headers: { 'Content-Type': 'application/fhir+json' },
      body: JSON.stringify(bundle),
    });
    return { status: response.status, body: (await response.json()) as Bundle };
  };
  const search = async <T extends Resource>(query: string): Promise<T[]> => {
    const bundle = (await (await fetch(`${server.baseUrl}/${query}`)).json()) as Bundle<T>;
    return (bundle.entry ?? []).flatMap((e) => e.resource ?? []);
  };

  it('S12 (placer id), S14 (placer and filler), S15 (filler id) find one Appointment, cancelled at the end', async () => {
    const s12 = [msh('SIU^S12^SIU_S12', 'A1'), sch('P1^PL', '', '202403050900', '202403050930'), pid];
    const s14 = [msh('SIU^S14^SIU_S12', 'A2'), sch('P1^PL', 'F1^FI', '202403051000', '202403051030'), pid];
    const s15 = [msh('SIU^S15^SIU_S12', 'A3'), sch('', 'F1^FI', '202403051000', '202403051030'), pid];
    for (const m of [s12, s14, s15]) expect((await apply(m.join('\r'))).status).to.equal(200);
    const found = await search<Appointment>(
      'Appointment?identifier=urn:nexushealth:hl7v2:PL|P1,urn:nexushealth:hl7v2:FI|F1',
    );
    expect(found.map((a) => [a.status, a.start])).to.deep.equal([['cancelled', '2024-03-05T10:00:00+00:00']]);
  });

  it('an S15 for an appointment never seen leaves a cancelled one; the same S15 again changes nothing', async () => {
    const s15 = [msh('SIU^S15^SIU_S12', 'A4'), sch('', 'F9^FI'), pid].join('\r');
    const first = await apply(s15);
    const again = await apply(s15);
    expect([first.status, again.status]).to.deep.equal([200, 200]);
    expect(again.body.entry?.map((e) => e.response?.status)).to.deep.equal(['200 OK', '200 OK']);
    const found = await search<Appointment>('Appointment?identifier=urn:nexushealth:hl7v2:FI|F9');
    expect(found.map((a) => a.status)).to.deep.equal(['cancelled']);
  });

  it('MDM T02 then T11 leaves the document entered-in-error; a T11 for an unknown document is a 404 (AE)', async () => {
    const t02 = [msh('MDM^T02^MDM_T02', 'D1'), pid, txa('DOC1'), 'OBX|1|TX|X||Dear colleague||||||F'].join('\r');
    const t11 = [msh('MDM^T11^MDM_T01', 'D2'), pid, txa('DOC1')].join('\r');
    expect((await apply(t02)).status).to.equal(200);
    expect((await apply(t11)).status).to.equal(200);
    const [doc] = await search<DocumentReference>('DocumentReference?identifier=urn:nexushealth:hl7v2:CLINIC|DOC1');
    expect(doc?.status).to.equal('entered-in-error');
    expect((await apply([msh('MDM^T11^MDM_T01', 'D3'), pid, txa('NOPE')].join('\r'))).status).to.equal(404);
  });

  for (const code of ['SIU', 'MDM', 'DFT']) {
    for (const { name, messages } of corpusMessages(code)) {
      it(`commits ${name} (validated), and again without creating anything`, async () => {
        for (const m of messages) {
          const text = m.segments.map((s) => s.encode()).join('\r');
          const first = await apply(text);
          expect(first.status, JSON.stringify(first.body).slice(0, 400)).to.equal(200);
          const again = await apply(text);
          expect(again.body.entry?.map((e) => e.response?.status).filter((s) => s !== '200 OK')).to.deep.equal([]);
        }
      });
    }
  }
});
