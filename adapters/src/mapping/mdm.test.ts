import type { DocumentReference, Practitioner } from '@medplum/fhirtypes';
import { expect } from 'chai';
import { entriesOf, only, segment } from '../test-support/adt-fixture.js';
import { corpusMessages } from '../test-support/corpus.js';
import { clinicPid as pid, clinicPv1 as pv1, mapInParis } from '../test-support/message-fixture.js';
import { Hl7DataError } from './data-error.js';
import { replaceCodePatch } from './fhirpath-patch.js';
import { mapMessage } from './map-message.js';
import type { MappingResult } from './mapping-result.js';
import { Hl7UnsupportedError } from './unsupported-error.js';

const txa = (extra: Record<number, string> = {}): string =>
  segment('TXA', {
    1: '1',
    2: 'CN^Consultation note^HL70270',
    3: 'TX',
    4: '20240301073000',
    5: 'D5^ACT^AL',
    6: '20240301075500',
    9: 'D7^AUTHOR^AMY',
    10: 'D8^CHECK^CARL',
    12: 'DOC1^CLINIC',
    16: 'note.txt',
    17: 'AU',
    18: 'UC',
    19: 'AV',
    25: 'Consult note',
    ...extra,
  });
const text = [
  segment('OBX', { 1: '1', 2: 'TX', 3: '11488-4^Consult note^LN', 5: 'Line one~Line two', 11: 'F' }),
  segment('OBX', { 1: '2', 2: 'FT', 3: '11488-4^Consult note^LN', 5: 'Para\\.br\\two \\T\\ more', 11: 'F' }),
];
const pdf = segment('OBX', { 1: '3', 2: 'ED', 3: 'PDF^Display^L', 5: '^AP^PDF^Base64^JVBERi0xLjQK', 11: 'F' });

const mdm = (trigger: string, segments: readonly string[]): MappingResult =>
  mapInParis(`MDM^${trigger}^MDM_T02`, ['EVN|T02|20240301080000', ...segments]);
const full = (extra: Record<number, string> = {}): readonly string[] => [pid, pv1, txa(extra), ...text, pdf];
const decoded = (data: string | undefined): string => Buffer.from(data ?? '', 'base64').toString('utf8');

describe('V2-to-FHIR IG segment maps TXA and OBX → DocumentReference (MDM^T02, T04, T06, T08, T10, T11)', () => {
  it('keys the DocumentReference on TXA-12 as masterIdentifier (R4 identifier search covers it)', () => {
    const result = mdm('T02', full());
    const [entry] = entriesOf(result, 'DocumentReference');
    expect(entry?.request).to.deep.equal({
      method: 'PUT',
      url: 'DocumentReference?identifier=urn:nexushealth:hl7v2:CLINIC|DOC1',
    });
    const doc = entry?.resource as DocumentReference;
    expect(doc.masterIdentifier).to.deep.equal({ system: 'urn:nexushealth:hl7v2:CLINIC', value: 'DOC1' });
    expect(doc.identifier).to.deep.equal([{ system: 'urn:nexushealth:hl7v2:CLINIC', value: 'note.txt' }]);
    expect(result.stateElements).to.equal(undefined); // applied late: create-only
  });

  it('maps TXA-2, -4, -6, -17, -18, -19 and -25, the PID subject and the PV1-19 encounter', () => {
    const result = mdm('T02', full());
    const doc = only<DocumentReference>(result, 'DocumentReference');
    expect(doc.type).to.deep.equal({
      coding: [{ system: 'http://terminology.hl7.org/CodeSystem/v2-0270', code: 'CN', display: 'Consultation note' }],
      text: 'Consultation note',
    });
    expect(doc.status).to.equal('current');
    expect(doc.docStatus).to.equal('final');
    expect(doc.date).to.equal('2024-03-01T07:55:00+01:00');
    expect(doc.description).to.equal('Consult note');
    expect(doc.securityLabel).to.deep.equal([
      {
        coding: [{ system: 'http://terminology.hl7.org/CodeSystem/v3-Confidentiality', code: 'N', display: 'normal' }],
      },
    ]);
    expect(doc.subject?.reference).to.equal(entriesOf(result, 'Patient')[0]?.fullUrl);
    const [encounter] = entriesOf(result, 'Encounter');
    expect(encounter?.request?.method).to.equal('POST');
    expect(doc.context).to.deep.equal({
      period: { start: '2024-03-01T07:30:00+01:00' },
      encounter: [{ reference: encounter?.fullUrl }],
    });
  });

  it('author from TXA-9 and authenticator from TXA-10 as Practitioner conditional creates (else TXA-5, TXA-22)', () => {
    const result = mdm('T02', full());
    const doc = only<DocumentReference>(result, 'DocumentReference');
    const practitioners = entriesOf(result, 'Practitioner');
    const byId = (id: string): string | undefined =>
      practitioners.find((e) => (e.resource as Practitioner).identifier?.[0]?.value === id)?.fullUrl;
    expect(doc.author).to.deep.equal([{ reference: byId('D7'), display: 'AMY AUTHOR' }]);
    expect(doc.authenticator).to.deep.equal({ reference: byId('D8'), display: 'CARL CHECK' });
    const fallback = only<DocumentReference>(
      mdm('T02', full({ 9: '', 10: '', 22: 'D9^SIGN^SAM^^^^^^^^^^^^20240301090000' })),
      'DocumentReference',
    );
    expect(fallback.author?.[0]?.display).to.equal('AL ACT');
    expect(fallback.authenticator?.display).to.equal('SAM SIGN');
  });

  it('puts the text OBX lines in one UTF-8 text/plain attachment and each ED in its own (datatype map ED → Attachment)', () => {
    const doc = only<DocumentReference>(mdm('T02', full()), 'DocumentReference');
    const [body, file] = doc.content.map((c) => c.attachment);
    expect(body?.contentType).to.equal('text/plain; charset=utf-8');
    expect(decoded(body?.data)).to.equal('Line one\nLine two\nPara\ntwo & more');
    expect(file).to.deep.equal({ contentType: 'application/pdf', data: 'JVBERi0xLjQK' });
  });

  it('re-encodes Hex and ASCII ED data and leaves out invalid Base64 and non-document value types, with warnings', () => {
    const hex = segment('OBX', { 1: '1', 2: 'ED', 5: '^IM^JPEG^Hex^FFD8' });
    const bad = segment('OBX', { 1: '2', 2: 'ED', 5: '^AP^PDF^Base64^not base64!' });
    const nm = segment('OBX', { 1: '3', 2: 'NM', 5: '42' });
    const result = mdm('T02', [pid, txa(), hex, bad, nm]);
    const doc = only<DocumentReference>(result, 'DocumentReference');
    expect(doc.content.map((c) => c.attachment)).to.deep.equal([{ contentType: 'image/jpeg', data: '/9g=' }]);
    expect(result.warnings.map((w) => w.location)).to.deep.equal(['OBX[2]-5', 'OBX[3]-2']);
    expect(JSON.stringify(result.warnings)).not.to.contain('base64!');
  });

  it('maps availability and completion (tables 0273 and 0271) and warns on codes outside them', () => {
    const status = (extra: Record<number, string>): [string | undefined, string | undefined] => {
      const doc = only<DocumentReference>(mdm('T04', full(extra)), 'DocumentReference');
      return [doc.status, doc.docStatus];
    };
    expect(status({ 19: 'OB', 17: 'DI' })).to.deep.equal(['superseded', 'preliminary']);
    expect(status({ 19: 'CA', 17: 'LA' })).to.deep.equal(['entered-in-error', 'final']);
    const result = mdm('T08', full({ 17: 'ZZ' }));
    expect(only<DocumentReference>(result, 'DocumentReference').docStatus).to.equal(undefined);
    expect(result.warnings.map((w) => w.location)).to.include('TXA-17');
  });

  it('links an addendum (T06) or a replacement (T10) to TXA-13, the parent document, by identifier', () => {
    const parent = { 13: 'DOC0^CLINIC' };
    const addendum = only<DocumentReference>(mdm('T06', full(parent)), 'DocumentReference');
    expect(addendum.relatesTo).to.deep.equal([
      { code: 'appends', target: { identifier: { system: 'urn:nexushealth:hl7v2:CLINIC', value: 'DOC0' } } },
    ]);
    expect(only<DocumentReference>(mdm('T10', full(parent)), 'DocumentReference').relatesTo?.[0]?.code).to.equal(
      'replaces',
    );
  });

  it('T11 (document cancel notification) patches the named document to entered-in-error (http.html#patch, FHIRPath Patch)', () => {
    const result = mdm('T11', [pid, txa()]);
    const url = 'DocumentReference?identifier=urn:nexushealth:hl7v2:CLINIC|DOC1';
    expect(entriesOf(result, 'Parameters').map((e) => [e.request, e.resource])).to.deep.equal([
      [{ method: 'PATCH', url }, replaceCodePatch('DocumentReference.status', 'entered-in-error')],
    ]);
    expect(entriesOf(result, 'DocumentReference')).to.deep.equal([]);
    expect(result.stateElements).to.equal(undefined);
  });

  it('leaves out a date without time (DocumentReference.date is an instant), with a warning', () => {
    const result = mdm('T02', full({ 6: '20240301' }));
    expect(only<DocumentReference>(result, 'DocumentReference').date).to.equal(undefined);
    expect(result.warnings.map((w) => w.location)).to.include('TXA-6');
  });

  it('answers AE without TXA-12, PID or document content, and AR for the notification-only T01', () => {
    const location = (segments: readonly string[]): string | undefined => {
      try {
        mdm('T02', segments);
        return undefined;
      } catch (e) {
        return e instanceof Hl7DataError ? e.issue.location : 'other';
      }
    };
    expect(location(full({ 12: '' }))).to.equal('TXA-12');
    expect(location([txa(), ...text])).to.equal('PID');
    expect(location([pid, txa()])).to.equal('OBX-5');
    expect(location([pid, ...text])).to.equal('TXA');
    expect(() => mdm('T01', full())).to.throw(Hl7UnsupportedError);
  });
});

describe('HL7 v2 corpus: MDM mapping', () => {
  for (const { name, messages } of corpusMessages('MDM')) {
    it(`maps ${name} field by field`, () => {
      for (const m of messages) {
        const result = mapMessage(m);
        const doc = only<DocumentReference>(result, 'DocumentReference');
        const txaSegment = m.get('TXA');
        expect(doc.masterIdentifier?.value).to.equal(txaSegment?.field(12).value);
        expect(doc.type?.coding?.[0]?.code).to.equal(txaSegment?.field(2).value);
        const lines = m.all('OBX').map((obx) => obx.field(5).value);
        expect(decoded(doc.content[0]?.attachment.data)).to.equal(lines.join('\n'));
        expect(doc.subject?.reference).to.equal(entriesOf(result, 'Patient')[0]?.fullUrl);
        expect(doc.context?.encounter?.[0]?.reference).to.equal(entriesOf(result, 'Encounter')[0]?.fullUrl);
      }
    });
  }
});
