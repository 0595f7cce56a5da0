import { expect } from 'chai';
import { Hl7MessageBuilder } from './builder.js';
import { defaultDelimiters, type Hl7Delimiters } from './delimiters.js';
import { parseHl7 } from './parse.js';

/** Every delimiter of the set, a backslash, CR, LF, CRLF, `""` and text that looks like an escape. */
const hostile = (d: Hl7Delimiters): string[] => [
  `a${d.field}b${d.component}c${d.repetition}d${d.escape}e${d.subcomponent}f${d.truncation ?? ''}g`,
  'line1\rline2\nline3\r\nline4',
  '""',
  '\\F\\ \\X0D\\ \\.br\\ not escapes',
  `${d.escape}${d.escape}${d.escape}`,
  'MSH|^~\\&|x',
  'Zoë 😀 名前',
];

const sets: Array<[string, Hl7Delimiters]> = [
  ['the standard |^~\\&', defaultDelimiters],
  ['v2.7 with truncation #', { ...defaultDelimiters, truncation: '#' }],
  [
    'non-standard !$r?@ (a letter as repetition)',
    { field: '!', component: '$', repetition: 'r', escape: '?', subcomponent: '@' },
  ],
  ['a space as escape character', { field: '|', component: '^', repetition: '~', escape: ' ', subcomponent: '&' }],
];

describe('v2.5.1 §2.7 escape sequences: Hl7MessageBuilder writes hostile values that parse back', () => {
  for (const [why, d] of sets) {
    it(`fields, components, subcomponents and repetitions in ${why} (§2.5.4, §2.7)`, () => {
      const values = hostile(d);
      const b = new Hl7MessageBuilder(d);
      b.segment('MSH')
        .set(3, values[0] ?? '')
        .set(9, ['ADT', 'A01'])
        .set(10, 'C1')
        .set(12, '2.5.1');
      const obx = b.segment('OBX').set(1, '1');
      values.forEach((v, i) => obx.set(5 + i, v));
      b.segment('PID').set(3, [values[0] ?? '', '', '', ['1.2.3', values[1] ?? '']], [values[2] ?? '']);
      b.segment('ZZZ').set(2, ...values);

      const m = parseHl7(b.build());
      expect(m.get('MSH')?.field(3).value).to.equal(values[0]);
      expect(m.get('MSH')?.field(9).component(2)).to.equal('A01');
      values.forEach((v, i) => expect(m.get('OBX')?.field(5 + i).value, `OBX-${5 + i}`).to.equal(v));
      const [first, second] = m.get('PID')?.field(3).repetitions ?? [];
      expect([first?.component(1), first?.component(4, 1), first?.component(4, 2)]).to.deep.equal([
        values[0],
        '1.2.3',
        values[1],
      ]);
      expect(second?.value).to.equal('""');
      expect(
        m
          .get('ZZZ')
          ?.field(2)
          .repetitions.map((r) => r.value),
      ).to.deep.equal(values);
      expect(m.segments.map((s) => s.name)).to.deep.equal(['MSH', 'OBX', 'PID', 'ZZZ']);
    });
  }

  it('writes null as the explicit null "" and leaves unset fields empty, up to the last one set (§2.5.3)', () => {
    const b = new Hl7MessageBuilder();
    b.segment('MSH').set(3, 'A');
    b.segment('PID').set(3, 'X').set(8, null).set(10, '');
    const text = b.build();
    expect(text).to.equal('MSH|^~\\&|A\rPID|||X|||||""||\r');
    const pid = parseHl7(text).get('PID');
    expect([pid?.field(8).isNull, pid?.field(4).isEmpty]).to.deep.equal([true, true]);
  });

  it('copies raw fields as they are, and refuses MSH-1/MSH-2 and bad segment ids', () => {
    const b = new Hl7MessageBuilder();
    b.segment('MSH').setRaw(4, 'FAC^1.2&x&ISO');
    expect(b.build()).to.equal('MSH|^~\\&||FAC^1.2&x&ISO\r');
    expect(() => b.segment('MSH').set(2, 'x')).to.throw(RangeError);
    expect(() => b.segment('msh')).to.throw(RangeError);
  });
});
