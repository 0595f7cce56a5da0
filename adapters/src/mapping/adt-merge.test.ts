import type { Patient } from '@medplum/fhirtypes';
import { expect } from 'chai';
import { applyTwice } from '../test-support/apply-twice.js';
import { MemoryFhirSink } from '../test-support/memory-fhir-sink.js';
import { mapText } from '../test-support/adt-fixture.js';
import { Hl7DataError } from './data-error.js';

const merge = (trigger: string, ...pairs: string[]): string =>
  [`MSH|^~\\&|REG|XYZ|NEXUS|NH|20240102||ADT^${trigger}^ADT_A39|M1|P|2.5.1`, `EVN|${trigger}|20240102`, ...pairs].join(
    '\r',
  );
const sys = 'urn:nexushealth:hl7v2:XYZ';

describe('A40/A34 merges → Patient.link (patient.html#links, Patient-merge)', () => {
  it('A40: the survivor (PID) replaces the merged one (MRG-1), which is inactive and replaced-by; both conditional updates', () => {
    const result = mapText(merge('A40', 'PID|||MR1^^^XYZ^MR||DOE^JANE', 'MRG|MR2^^^XYZ||||||DOE^J'));
    const [survivor, merged] = result.bundle.entry ?? [];
    expect(survivor?.request).to.deep.equal({ method: 'PUT', url: `Patient?identifier=${sys}|MR1` });
    expect(merged?.request).to.deep.equal({ method: 'PUT', url: `Patient?identifier=${sys}|MR2` });
    expect((survivor?.resource as Patient).link).to.deep.equal([
      { other: { reference: merged?.fullUrl }, type: 'replaces' },
    ]);
    expect(merged?.resource).to.deep.equal({
      resourceType: 'Patient',
      identifier: [{ system: sys, value: 'MR2' }],
      active: false,
      name: [{ family: 'DOE', given: ['J'] }],
      link: [{ other: { reference: survivor?.fullUrl }, type: 'replaced-by' }],
    });
    expect(result.stateElements).to.deep.equal({
      [survivor?.fullUrl ?? '']: ['link'],
      [merged?.fullUrl ?? '']: ['active', 'link'],
    });
  });

  it('A40 with several PID/MRG pairs handles each; a survivor named twice is one entry replacing both', async () => {
    const result = mapText(
      merge(
        'A40',
        'PID|||MR1^^^XYZ',
        'MRG|MR2^^^XYZ',
        'PID|||MR3^^^XYZ',
        'MRG|MR4^^^XYZ',
        'PID|||MR1^^^XYZ',
        'MRG|MR5^^^XYZ',
      ),
    );
    const server = new MemoryFhirSink();
    await applyTwice(server, result.bundle);
    const mr1 = server.byIdentifier<Patient>('Patient', sys, 'MR1');
    expect(
      mr1.link?.map((l) => [l.type, server.read<Patient>(l.other.reference ?? '')?.identifier?.[0]?.value]),
    ).to.deep.equal([
      ['replaces', 'MR2'],
      ['replaces', 'MR5'],
    ]);
    for (const [gone, survivor] of [
      ['MR2', mr1.id],
      ['MR4', server.byIdentifier<Patient>('Patient', sys, 'MR3').id],
      ['MR5', mr1.id],
    ]) {
      const patient = server.byIdentifier<Patient>('Patient', sys, gone ?? '');
      expect(patient.active).to.equal(false);
      expect(patient.link).to.deep.equal([{ other: { reference: `Patient/${survivor ?? ''}` }, type: 'replaced-by' }]);
    }
  });

  it('A34 merge patient id: MRG-1 without authority takes the sending facility, like PID-3', () => {
    const result = mapText(merge('A34', 'PID|1||123^^^^MR', 'MRG|456'));
    expect(result.bundle.entry?.map((e) => e.request?.url)).to.deep.equal([
      `Patient?identifier=${sys}|123`,
      `Patient?identifier=${sys}|456`,
    ]);
  });

  it('a PID without MRG, or an MRG naming the survivor, is an AE located at MRG', () => {
    expect(() => mapText(merge('A40', 'PID|||MR1^^^XYZ')))
      .to.throw(Hl7DataError)
      .with.nested.property('issue.location', 'MRG');
    expect(() => mapText(merge('A40', 'PID|||MR1^^^XYZ', 'MRG|MR1^^^XYZ')))
      .to.throw(Hl7DataError)
      .with.nested.property('issue.location', 'MRG-1');
  });
});
