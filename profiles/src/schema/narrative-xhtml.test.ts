import { expect } from 'chai';
import { SchemaValidator } from './schema-validator.js';

const DIV = (inner: string): string => `<div xmlns="http://www.w3.org/1999/xhtml">${inner}</div>`;
const patient = (div: string): Record<string, unknown> => ({
  resourceType: 'Patient',
  text: { status: 'generated', div },
});

/** `code @ expression` of each issue. */
function issuesOf(resource: unknown): string[] {
  return SchemaValidator.shared()
    .validate(resource)
    .map((issue) => `${issue.code} @ ${issue.expression?.join(',') ?? ''}`);
}

describe('narrative.html#xhtml — txt-1: only basic HTML in Narrative.div', function () {
  before(function () {
    this.timeout(30_000);
    SchemaValidator.shared();
  });

  const refused: Record<string, string> = {
    'a script element': '<p>Hi</p><script>alert(1)</script>',
    'an event attribute': '<img src="x.png" onerror="alert(1)"/>',
    'a javascript: link': '<a href="javascript:alert(1)">x</a>',
    'a javascript: link hidden by case and whitespace': '<a href=" JaVa&#x09;Script:alert(1)">x</a>',
    'a data: URL that is not a raster image': '<img src="data:text/html;base64,PHNjcmlwdD4="/>',
    'an SVG data: image (SVG can carry script)': '<img src="data:image/svg+xml;base64,PHN2Zz4="/>',
    'a data: URL outside img src': '<a href="data:image/png;base64,iVBORw0KGgo=">x</a>',
    'an entity no XHTML DTD declares': '<p>&notAnEntity;</p>',
    'an iframe': '<iframe src="https://evil.example"></iframe>',
    'a form': '<form action="https://evil.example"><input name="q"/></form>',
    'an object': '<object data="x.swf"></object>',
    'a style element (only style attributes are internal)': '<style>body{}</style>',
    'an element of another namespace': '<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"/>',
  };
  for (const [name, inner] of Object.entries(refused)) {
    it(`refuses ${name} (narrative.html#xhtml)`, () => {
      expect(issuesOf(patient(DIV(inner)))).to.include('invariant @ Patient.text.div');
    });
  }

  it('refuses a div that is not well-formed XHTML, or not an XHTML div (narrative.html#xhtml)', () => {
    expect(issuesOf(patient('<div xmlns="http://www.w3.org/1999/xhtml"><p>open</div>'))).to.deep.equal([
      'invariant @ Patient.text.div',
    ]);
    expect(issuesOf(patient('<p xmlns="http://www.w3.org/1999/xhtml">x</p>'))).to.deep.equal([
      'invariant @ Patient.text.div',
    ]);
    expect(issuesOf(patient('<div>no namespace</div>'))).to.deep.equal(['invariant @ Patient.text.div']);
  });

  it('never repeats the narrative text in diagnostics (no PHI)', () => {
    const issues = SchemaValidator.shared().validate(patient(DIV('<p>Zq-secret-7<script>x</script></p>')));
    expect(JSON.stringify(issues)).not.to.contain('Zq-secret-7');
  });

  it('accepts formatting, tables, lists, links (http, https, mailto, relative, #), images and style attributes', () => {
    const inner =
      '<h1 style="color:red">T</h1><p><b>b</b> <i>i</i> <span class="c">s</span><br/></p>' +
      '<table border="1"><tbody><tr><td colspan="2">c</td></tr></tbody></table><ul><li>l</li></ul>' +
      '<a href="https://hl7.org">h</a><a href="mailto:a@b.org">m</a><a href="Patient/1">r</a>' +
      '<a href="#x">f</a><a name="x">n</a><img src="logo.png" alt="logo"/>';
    expect(issuesOf(patient(DIV(inner)))).to.deep.equal([]);
  });

  it('accepts a raster data: image in img src and the XHTML 1.0 named entities (narrative.html#xhtml)', () => {
    const inner =
      '<p>Device&reg; &nbsp;&copy; &mdash; &euro;</p><img src="data:image/png;base64,iVBORw0KGgo=" alt="x"/>';
    expect(issuesOf(patient(DIV(inner)))).to.deep.equal([]);
  });

  it('checks contained resources and Bundle entries, with their paths (references.html#contained)', () => {
    const bad = DIV('<script>x</script>');
    const withContained = { ...patient(DIV('ok')), contained: [{ ...patient(bad), resourceType: 'Organization' }] };
    expect(issuesOf(withContained)).to.deep.equal(['invariant @ Patient.contained[0].text.div']);
    const bundle = { resourceType: 'Bundle', type: 'collection', entry: [{ resource: patient(bad) }] };
    expect(issuesOf(bundle)).to.deep.equal(['invariant @ Bundle.entry[0].resource.text.div']);
  });
});
