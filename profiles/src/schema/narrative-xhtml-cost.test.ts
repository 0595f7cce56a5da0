import { expect } from 'chai';
import { narrativeProblems } from './narrative-xhtml.js';

const DIV = (inner: string): string => `<div xmlns="http://www.w3.org/1999/xhtml">${inner}</div>`;

// A narrative is read in time linear in its length (namespaces resolved per prefix, not per open
// element) and at most 256 elements deep; mocha's timeout guards the hang (2.7 s at 10,000 spans before).
describe('narrative.html#xhtml — txt-1 checked in linear time, bounded depth', function () {
  it('refuses a div nested 50,000 spans deep, without reading it through (narrative.html#xhtml)', function () {
    const div = DIV(`${'<span>'.repeat(50_000)}a${'</span>'.repeat(50_000)}`);
    expect(narrativeProblems(div)).to.deep.equal(['The narrative nests deeper than 256 elements']);
  });

  it('refuses 20,000 unclosed spans (narrative.html#xhtml)', function () {
    expect(narrativeProblems(DIV(`${'<span>'.repeat(20_000)}a`))).to.deep.equal([
      'The narrative nests deeper than 256 elements',
    ]);
  });

  it('accepts 256 elements deep (the div and 255 levels), and 200,000 siblings below (narrative.html#xhtml)', function () {
    expect(narrativeProblems(DIV(`${'<span>'.repeat(255)}a${'</span>'.repeat(255)}`))).to.deep.equal([]);
    expect(narrativeProblems(DIV(`${'<span>'.repeat(255)}<b>a</b>${'</span>'.repeat(255)}`))).to.deep.equal([
      'The narrative nests deeper than 256 elements',
    ]);
    const wide = `${'<span>'.repeat(250)}${'<b>a</b>'.repeat(200_000)}${'</span>'.repeat(250)}`;
    expect(narrativeProblems(DIV(wide))).to.deep.equal([]);
  });

  it('resolves prefixes by their scope: declared ones count, undeclared ones are not well-formed (narrative.html#xhtml)', function () {
    expect(narrativeProblems('<h:div xmlns:h="http://www.w3.org/1999/xhtml"><h:p>a</h:p></h:div>')).to.deep.equal([]);
    expect(narrativeProblems(DIV('<x:b xmlns:x="urn:x">a</x:b>'))).to.deep.equal([
      'Element <x:b> is not in the XHTML namespace (txt-1)',
    ]);
    expect(narrativeProblems(DIV('<x:b xmlns:x="urn:x">a</x:b><p x:title="t">b</p>'))).to.deep.equal([
      'The narrative is not well-formed XHTML',
    ]);
    expect(narrativeProblems(DIV('<p xml:lang="en">a</p>'))).to.deep.equal([]);
  });
});
