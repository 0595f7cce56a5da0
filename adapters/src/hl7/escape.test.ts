import { expect } from 'chai';
import { defaultDelimiters } from './delimiters.js';
import { escapeHl7, unescapeHl7 } from './escape.js';
import { parseHl7 } from './parse.js';

const d = defaultDelimiters;

describe('v2.5.1 §2.7 escape sequences in text fields', () => {
  const cases: Array<[string, string]> = [
    ['a\\F\\b', 'a|b'],
    ['a\\S\\b', 'a^b'],
    ['a\\T\\b', 'a&b'],
    ['a\\R\\b', 'a~b'],
    ['C:\\E\\temp', 'C:\\temp'],
    ['line1\\X0D\\line2', 'line1\rline2'],
    ['\\X0D0A\\', '\r\n'],
    ['caf\\XC3A9\\', 'café'],
    ['caf\\XE9\\', 'café'],
    ['one\\.br\\two', 'one\ntwo'],
    ['one\\.sp 2\\two', 'one\n\n\ntwo'],
    ['a\\.sk 3\\b', 'a   b'],
    ['a\\.sk 400000000\\b', `a${' '.repeat(100)}b`],
    ['a\\.sp 99999999999\\b', `a${'\n'.repeat(101)}b`],
    ['\\.fi\\text\\.nf\\', 'text'],
    ['\\H\\BOLD\\N\\ text', 'BOLD text'],
    ['local \\Zabc\\ kept', 'local \\Zabc\\ kept'],
    ['unknown \\Q\\ kept', 'unknown \\Q\\ kept'],
    ['lone \\ kept', 'lone \\ kept'],
    ['odd hex \\X0\\ kept', 'odd hex \\X0\\ kept'],
  ];
  for (const [raw, text] of cases) {
    it(`decodes ${JSON.stringify(raw)}`, () => expect(unescapeHl7(raw, d)).to.equal(text));
  }

  it('an unknown sequence does not swallow the escape that opens the next one', () => {
    expect(unescapeHl7('\\Q\\F\\', d)).to.equal('\\Q|');
  });

  it('a message whose escape character is a space decodes ordinary text to itself', () => {
    const m = parseHl7('MSH|^~ &|A\rOBX|1|ST|||LAB 81-5144 Fort Example Road, #201 Town PA');
    expect(m.get('OBX')?.field(5).value).to.equal('LAB 81-5144 Fort Example Road, #201 Town PA');
  });

  it('decodes only in accessors: the raw text is kept', () => {
    const m = parseHl7('MSH|^~\\&|A\rNTE|1||x\\F\\y\\S\\z');
    expect(m.get('NTE')?.field(3).raw).to.equal('x\\F\\y\\S\\z');
    expect(m.get('NTE')?.field(3).value).to.equal('x|y^z');
  });

  it('escapes every delimiter and line break, and round-trips', () => {
    const text = 'a|b^c&d~e\\f\rg\nh';
    const escaped = escapeHl7(text, d);
    expect(escaped).to.equal('a\\F\\b\\S\\c\\T\\d\\R\\e\\E\\f\\X0D\\g\\X0A\\h');
    expect(unescapeHl7(escaped, d)).to.equal(text);
  });

  it('escapes with the message delimiters, the truncation character too', () => {
    const custom = { field: '!', component: '$', repetition: 'r', escape: '?', subcomponent: '@', truncation: '#' };
    expect(escapeHl7('a!b$#', custom)).to.equal('a?F?b?S??P?');
  });
});
