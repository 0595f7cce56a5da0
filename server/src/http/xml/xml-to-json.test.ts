import { expect } from 'chai';
import { OperationOutcomeError } from '../../errors/outcome-error.js';
import { readFhirXml, xmlToJson } from './xml-to-json.js';

const read = (xml: string) => xmlToJson(xml, 256);
const patient = (inner: string) => `<Patient xmlns="http://hl7.org/fhir">${inner}</Patient>`;

/** The issue an XML body is refused with: [code, expression]. */
function refusal(xml: string): [string, string[] | undefined] {
  try {
    read(xml);
  } catch (error) {
    if (!(error instanceof OperationOutcomeError)) throw error;
    const issue = error.outcome.issue[0];
    return [issue?.code ?? '', issue?.expression];
  }
  throw new Error('accepted');
}

describe('xml.html — reading FHIR XML into FHIR JSON', () => {
  it('primitives are value attributes, typed by the definitions (json.html#primitive)', () => {
    const json = read(
      `<Observation xmlns="http://hl7.org/fhir"><status value="final"/><code><text value="t"/></code>
       <valueInteger value="-3"/></Observation>`,
    );
    expect(json).to.deep.equal({ resourceType: 'Observation', status: 'final', code: { text: 't' }, valueInteger: -3 });
    expect(read(patient('<active value="false"/>'))).to.deep.equal({ resourceType: 'Patient', active: false });
  });

  it('id and extensions of repeating primitives go to the _name twin, nulls keeping them aligned', () => {
    const json = read(
      patient(`<name><given value="a"/><given id="g"><extension url="u"><valueCode value="c"/></extension></given>
        <given value="b"/></name>`),
    );
    expect(json.name).to.deep.equal([
      { given: ['a', null, 'b'], _given: [null, { id: 'g', extension: [{ url: 'u', valueCode: 'c' }] }, null] },
    ]);
  });

  it('Element.id and Extension.url are attributes; Resource.id is an element (xml.html#1.17.1)', () => {
    const json = read(
      patient('<id value="p1"/><extension url="http://x"><valueString value="v"/></extension><name id="n1"/>'),
    );
    expect(json).to.deep.equal({
      resourceType: 'Patient',
      id: 'p1',
      extension: [{ url: 'http://x', valueString: 'v' }],
      name: [{ id: 'n1' }],
    });
  });

  it('nested resources are wrapped in their type element (contained, Bundle.entry.resource)', () => {
    const json = read(patient('<contained><Organization><id value="o"/></Organization></contained>'));
    expect(json.contained).to.deep.equal([{ resourceType: 'Organization', id: 'o' }]);
  });

  it('keeps the narrative div as written, markup and all (narrative.html)', () => {
    const div = '<div xmlns="http://www.w3.org/1999/xhtml"><p class="a">x &amp; <br/>y</p></div>';
    const json = read(patient(`<text><status value="generated"/>${div}</text>`));
    expect(json.text).to.deep.equal({ status: 'generated', div });
  });

  it('accepts a prefixed FHIR namespace, comments, xsi:schemaLocation and whitespace', () => {
    const xml = `<?xml version="1.0" encoding="UTF-8"?><!-- c --><f:Patient xmlns:f="http://hl7.org/fhir"
      xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" xsi:schemaLocation="http://hl7.org/fhir x.xsd">
      <f:active value="true"/></f:Patient>`;
    expect(read(xml)).to.deep.equal({ resourceType: 'Patient', active: true });
  });

  it('keeps line breaks and tabs of values written as character references', () => {
    expect(read(patient('<name><text value="a&#10;b&#9;c"/></name>')).name).to.deep.equal([{ text: 'a\nb\tc' }]);
  });

  it('refuses what FHIR XML does not allow, saying where (xml.html)', () => {
    expect(refusal('<Patient/>')).to.deep.equal(['structure', undefined]);
    expect(refusal('<Patent xmlns="http://hl7.org/fhir"/>')).to.deep.equal(['structure', undefined]);
    expect(refusal(patient('<colour value="red"/>'))).to.deep.equal(['structure', ['Patient.colour']]);
    expect(refusal(patient('<active value="true"/><id value="x"/>'))).to.deep.equal(['structure', ['Patient.id']]);
    expect(refusal(patient('<active value="true"/><active value="false"/>'))).to.deep.equal([
      'structure',
      ['Patient.active'],
    ]);
    expect(refusal(patient('<deceasedBoolean value="true"/><deceasedDateTime value="2020"/>'))[1]).to.deep.equal([
      'Patient.deceasedDateTime',
    ]);
    expect(refusal(patient('<active value="yes"/>'))).to.deep.equal(['value', ['Patient.active']]);
    expect(refusal(patient('<active value=""/>'))).to.deep.equal(['value', ['Patient.active']]);
    expect(refusal(patient('<active/>'))).to.deep.equal(['structure', ['Patient.active']]);
    expect(refusal(patient('<name>Ann</name>'))).to.deep.equal(['structure', ['Patient.name']]);
    expect(refusal(patient('<name><![CDATA[Ann]]></name>'))).to.deep.equal(['structure', ['Patient.name']]);
    expect(refusal(patient('<contained/>'))).to.deep.equal(['structure', ['Patient.contained']]);
    expect(
      refusal(patient('<text><status value="generated"/><h:div xmlns:h="http://www.w3.org/1999/xhtml"/></text>')),
    ).to.deep.equal(['structure', ['Patient.text.div']]);
    expect(refusal(patient('<multipleBirthInteger value="1.5"/>'))).to.deep.equal([
      'value',
      ['Patient.multipleBirthInteger'],
    ]);
  });

  it('refuses a DOCTYPE and undeclared entities, before anything is expanded', () => {
    expect(refusal('<!DOCTYPE Patient [<!ENTITY a "b">]><Patient xmlns="http://hl7.org/fhir"/>')[0]).to.equal(
      'structure',
    );
    expect(refusal(patient('<name><text value="&a;"/></name>'))[0]).to.equal('structure');
  });

  it('reads a body in slices the same way, whatever falls on a slice boundary', async () => {
    const div = `<div xmlns="http://www.w3.org/1999/xhtml"><p>${'😀 &amp; x'.repeat(40_000)}</p></div>`;
    const xml = patient(
      `<text><status value="generated"/>${div}</text><name><text value="${'😀'.repeat(150_000)}"/></name>`,
    );
    const json = await readFhirXml(xml, 256);
    expect(json).to.deep.equal(read(xml));
    expect((json.text as { div: string }).div).to.equal(div);
  });
});
