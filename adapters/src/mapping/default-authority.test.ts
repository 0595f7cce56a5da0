import type { Patient } from '@medplum/fhirtypes';
import { expect } from 'chai';
import { parseHl7 } from '../hl7/parse.js';
import { mapMessage } from './map-message.js';

const a08 = (msh4: string, pid3: string): string =>
  [
    `MSH|^~\\&|APP|${msh4}|NEXUS|NH|20260101120000||ADT^A08^ADT_A01|C-${pid3}|P|2.5.1`,
    'EVN|A08|20260101120000',
    `PID|1||${pid3}||DOE^JANE`,
  ].join('\r');

const patientKey = (er7: string): string | undefined => {
  const entry = mapMessage(parseHl7(er7)).bundle.entry?.find((e) => e.resource?.resourceType === 'Patient');
  return (entry?.resource as Patient | undefined)?.identifier?.[0]?.system;
};

/** V2-to-FHIR IG datatype map HD → Identifier.system (universal id first); R4 datatypes.html#Identifier. */
describe('V2-to-FHIR HD[Identifier] — MSH-4 as the default assigning authority (datatypes.html#Identifier)', () => {
  it('a CX without CX-4 takes the OID of MSH-4: the same system as when CX-4 names that facility', () => {
    const withoutAuthority = patientKey(a08('NORTH^1.2.840.99^ISO', 'NOAUTH1^^^^MR'));
    const withAuthority = patientKey(a08('NORTH^1.2.840.99^ISO', 'NOAUTH1^^^NORTH&1.2.840.99&ISO^MR'));
    expect([withoutAuthority, withAuthority]).to.deep.equal(['urn:oid:1.2.840.99', 'urn:oid:1.2.840.99']);
  });

  it('an MSH-4 with only a namespace keeps urn:nexushealth:hl7v2:<namespace>; none at all takes MSH-3', () => {
    expect(patientKey(a08('NORTH', 'NOAUTH1^^^^MR'))).to.equal('urn:nexushealth:hl7v2:NORTH');
    expect(patientKey(a08('', 'NOAUTH1^^^^MR'))).to.equal('urn:nexushealth:hl7v2:APP');
  });
});
