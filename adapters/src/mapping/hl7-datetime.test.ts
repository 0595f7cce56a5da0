import { expect } from 'chai';
import { hl7ToFhirDate, hl7ToFhirDateTime } from './hl7-datetime.js';

describe('HL7 DTM to FHIR', () => {
  it('keeps date precision', () => {
    expect(hl7ToFhirDate('1980')).to.equal('1980');
    expect(hl7ToFhirDate('198002')).to.equal('1980-02');
    expect(hl7ToFhirDate('19800229')).to.equal('1980-02-29');
    expect(hl7ToFhirDate('198002291230')).to.equal('1980-02-29');
  });

  it('rejects impossible values', () => {
    for (const bad of ['19810229', '198013', '2024010125', 'abc', '2024-01-01', '20240101+2500']) {
      expect(hl7ToFhirDate(bad), bad).to.equal(undefined);
    }
  });

  it('keeps an explicit offset and the fraction', () => {
    expect(hl7ToFhirDateTime('20240102030405.123-0500', 'UTC')).to.equal('2024-01-02T03:04:05.123-05:00');
  });

  it('adds seconds for minute or hour precision (FHIR requires them)', () => {
    expect(hl7ToFhirDateTime('202401020304', 'UTC')).to.equal('2024-01-02T03:04:00+00:00');
    expect(hl7ToFhirDateTime('2024010203', 'UTC')).to.equal('2024-01-02T03:00:00+00:00');
    expect(hl7ToFhirDateTime('20240102', 'UTC')).to.equal('2024-01-02');
  });

  it('reads a time without offset in the configured zone, DST included', () => {
    expect(hl7ToFhirDateTime('20240115120000', 'Europe/Paris')).to.equal('2024-01-15T12:00:00+01:00');
    expect(hl7ToFhirDateTime('20240715120000', 'Europe/Paris')).to.equal('2024-07-15T12:00:00+02:00');
    expect(hl7ToFhirDateTime('20240715120000', 'America/New_York')).to.equal('2024-07-15T12:00:00-04:00');
    expect(hl7ToFhirDateTime('20240715120000', 'Asia/Kolkata')).to.equal('2024-07-15T12:00:00+05:30');
  });
});
