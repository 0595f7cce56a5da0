import { expect } from 'chai';
import { OperationOutcomeError } from '../../errors/outcome-error.js';
import { jsonToXml } from './json-to-xml.js';

const body = (xml: string) => xml.replace(/^<\?xml[^>]*\?>/, '');

/** The status and expression a resource is refused with. */
function refusal(resource: unknown): [number, string[] | undefined] {
  try {
    jsonToXml(resource);
  } catch (error) {
    if (!(error instanceof OperationOutcomeError)) throw error;
    return [error.status, error.outcome.issue[0]?.expression];
  }
  throw new Error('written');
}

describe('xml.html — writing FHIR JSON as FHIR XML', () => {
  it('writes elements in the definition order whatever the JSON order (xml.html#1.17.1)', () => {
    const xml = jsonToXml({ resourceType: 'Patient', gender: 'female', active: true, id: 'p' });
    expect(body(xml)).to.equal(
      '<Patient xmlns="http://hl7.org/fhir"><id value="p"/><active value="true"/><gender value="female"/></Patient>',
    );
  });

  it('writes decimals in plain notation, integers as integers (datatypes.html#decimal)', () => {
    const xml = jsonToXml({
      resourceType: 'Observation',
      status: 'final',
      code: {},
      component: [
        { code: {}, valueQuantity: { value: 1e-7 } },
        { code: {}, valueQuantity: { value: 1.5e21 } },
        { code: {}, valueInteger: 42 },
      ],
    });
    expect(xml).to.contain('<value value="0.0000001"/>');
    expect(xml).to.contain('<value value="1500000000000000000000"/>');
    expect(xml).to.contain('<valueInteger value="42"/>');
  });

  it('escapes values, keeping line breaks and tabs as character references', () => {
    const xml = jsonToXml({ resourceType: 'Patient', name: [{ text: 'a<b & "c"\nd\te' }] });
    expect(xml).to.contain('<text value="a&lt;b &amp; &quot;c&quot;&#10;d&#9;e"/>');
  });

  it('writes primitive ids and extensions from the _name twin, nulls skipped (json.html#primitive)', () => {
    const xml = jsonToXml({ resourceType: 'Patient', name: [{ given: [null, 'b'], _given: [{ id: 'g' }, null] }] });
    expect(xml).to.contain('<name><given id="g"/><given value="b"/></name>');
  });

  it('refuses (406) what XML cannot carry rather than dropping it', () => {
    expect(refusal({ resourceType: 'Patient', colour: 'red' })).to.deep.equal([406, ['Patient.colour']]);
    expect(refusal({ resourceType: 'Patient', name: [{ text: 'bell\u0007' }] })).to.deep.equal([
      406,
      ['Patient.name.text'],
    ]);
    expect(refusal({ resourceType: 'Unknown' })).to.deep.equal([406, ['resourceType']]);
    const div = '<div xmlns="http://www.w3.org/1999/xhtml"></div><active value="false"/>';
    expect(refusal({ resourceType: 'Patient', text: { status: 'generated', div } })).to.deep.equal([
      406,
      ['Patient.text.div'],
    ]);
  });

  it('gives a narrative div without its namespace declaration the XHTML namespace (narrative.html)', () => {
    const xml = jsonToXml({ resourceType: 'Patient', text: { status: 'generated', div: '<div><p>x</p></div>' } });
    expect(xml).to.contain('<div xmlns="http://www.w3.org/1999/xhtml"><p>x</p></div>');
  });
});
