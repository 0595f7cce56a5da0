import { expect } from 'chai';
import { parseHl7 } from './parse.js';

const oru = parseHl7(
  [
    'MSH|^~\\&|LAB||EHR||20240101||ORU^R01^ORU_R01|M1|P|2.5.1',
    'PID|1||42^^^H^MR',
    'NTE|1||patient note',
    'ZPI|1|custom',
    'OBR|1||F1|CBC',
    'NTE|1||order note',
    'OBX|1|NM|WBC||7.1',
    'NTE|1||wbc note',
    'OBX|2|NM|RBC||4.5',
    'OBR|2||F2|BMP',
    'OBX|1|NM|NA||140',
    'NTE|1||na note 1',
    'NTE|2||na note 2',
    'SPM|1',
  ].join('\r'),
);
const ids = (segments: ReadonlyArray<{ field(n: number): { value: string | undefined } }>): unknown[] =>
  segments.map((s) => s.field(3).value);

describe('v2.5.1 §2.5.2 segment groups: Hl7Message.groups / segmentsAfter', () => {
  it('cuts ORU_R01 ORDER_OBSERVATION groups at each OBR, ending at a non-member (§2.5.2)', () => {
    const orders = oru.groups('OBR', ['NTE', 'OBX']);
    expect(orders.map((g) => g.head.field(3).value)).to.deep.equal(['F1', 'F2']);
    expect(orders.map((g) => g.members.map((s) => s.name))).to.deep.equal([
      ['NTE', 'OBX', 'NTE', 'OBX'],
      ['OBX', 'NTE', 'NTE'],
    ]);
  });

  it('nests: the OBSERVATION groups (OBX {NTE}) of an order (§2.5.2)', () => {
    const [first, second] = oru.groups('OBR', ['NTE', 'OBX']);
    const observations = first?.groups('OBX', ['NTE']) ?? [];
    expect(observations.map((g) => [g.head.field(3).value, ids(g.all('NTE'))])).to.deep.equal([
      ['WBC', ['wbc note']],
      ['RBC', []],
    ]);
    expect(ids(second?.groups('OBX', ['NTE'])[0]?.all('NTE') ?? [])).to.deep.equal(['na note 1', 'na note 2']);
    expect(second?.get('OBX')?.field(3).value).to.equal('NA');
  });

  it('segmentsAfter: the NTEs right after a segment, and Z-segments reachable the same way (§2.5.2)', () => {
    const pid = oru.get('PID');
    expect(pid && ids(oru.segmentsAfter(pid, ['NTE']))).to.deep.equal(['patient note']);
    expect(pid && oru.segmentsAfter(pid, ['NTE', 'ZPI']).map((s) => s.name)).to.deep.equal(['NTE', 'ZPI']);
    const obr = oru.get('OBR');
    expect(obr && ids(oru.segmentsAfter(obr, ['NTE']))).to.deep.equal(['order note']);
    expect(oru.get('ZPI')?.field(2).value).to.equal('custom');
  });

  it('a segment of another message has nothing after it; a start never seen gives no groups', () => {
    const other = parseHl7('MSH|^~\\&|A\rPID|1').get('PID');
    expect(other && oru.segmentsAfter(other, ['NTE'])).to.deep.equal([]);
    expect(oru.groups('ORC', ['OBR'])).to.deep.equal([]);
  });
});
