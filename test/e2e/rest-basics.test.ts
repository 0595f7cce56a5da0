// The RESTful interactions end to end (https://hl7.org/fhir/R4/http.html): CRUD with versions and
// their headers, history, the CapabilityStatement, paging and all-or-nothing transactions.
import type { Bundle, CapabilityStatement, Observation, Patient } from '@medplum/fhirtypes';
import { FhirGoneError, FhirPreconditionFailedError, TransactionBuilder } from '@nexushealth/sdk';
import { expect } from 'chai';
import { countMatches } from '../support/fhir-count.js';
import { expectRefusal, raw } from '../support/raw-http.js';
import { describeOnEachStore } from '../support/store-variants.js';
import { uniqueTag } from '../support/unique-tag.js';

describeOnEachStore('REST basics', {}, (ctx) => {
  const base = () => ctx.server.baseUrl;
  const patientWith = (family: string, system = 'urn:e2e:rest'): Patient => ({
    resourceType: 'Patient',
    identifier: [{ system, value: uniqueTag('id') }],
    name: [{ family, given: ['Test'] }],
  });

  describe('create, read, vread, update, delete', function () {
    let id = '';
    let created: Patient;

    it('create assigns an id and answers 201 with Location, ETag and Last-Modified', async function () {
      const response = await raw(base(), 'Patient', {
        method: 'POST',
        body: { ...patientWith('Crud'), id: 'client-chosen' },
      });
      expect(response.status, response.text).to.equal(201);
      created = response.json as Patient;
      id = created.id ?? '';
      expect(id, 'server-assigned id')
        .to.match(/^[A-Za-z0-9\-.]{1,64}$/)
        .and.not.equal('client-chosen');
      expect(created.meta?.versionId).to.equal('1');
      expect(Date.parse(created.meta?.lastUpdated ?? ''), 'meta.lastUpdated is an instant').to.be.closeTo(
        Date.now(),
        60_000,
      );
      expect(response.headers.get('location')).to.equal(`${base()}/Patient/${id}/_history/1`);
      expect(response.headers.get('etag')).to.equal('W/"1"');
      const lastModified = Date.parse(response.headers.get('last-modified') ?? '');
      expect(lastModified, 'Last-Modified = meta.lastUpdated to the second').to.be.closeTo(
        Date.parse(created.meta?.lastUpdated ?? ''),
        1000,
      );
    });

    it('read returns the stored resource with ETag and Last-Modified', async function () {
      const response = await raw(base(), `Patient/${id}`);
      expect(response.status).to.equal(200);
      expect(response.json).to.deep.equal(created);
      expect(response.headers.get('etag')).to.equal('W/"1"');
      expect(response.headers.get('last-modified')).to.be.a('string').and.not.equal('');
    });

    it('update with the current If-Match makes version 2; a stale If-Match is a 412', async function () {
      const client = ctx.client();
      const updated = await client.update({ ...created, gender: 'female' }, { ifMatch: '1' });
      expect(updated.meta?.versionId).to.equal('2');
      expect(updated.gender).to.equal('female');
      const stale = await raw(base(), `Patient/${id}`, {
        method: 'PUT',
        body: { ...created, gender: 'male' },
        headers: { 'If-Match': 'W/"1"' },
      });
      expectRefusal(stale, 'PUT with a stale If-Match', 412);
      let error: unknown;
      await client.update({ ...created, gender: 'male' }, { ifMatch: '1' }).catch((e: unknown) => (error = e));
      expect(error).to.be.instanceOf(FhirPreconditionFailedError);
      expect((await client.read('Patient', id)).gender, 'the stale update changed nothing').to.equal('female');
    });

    it('vread returns each version as it was', async function () {
      const client = ctx.client();
      const first = await client.vread('Patient', id, '1');
      expect(first.gender).to.equal(undefined);
      expect(first.meta?.versionId).to.equal('1');
      const response = await raw(base(), `Patient/${id}/_history/2`);
      expect(response.status).to.equal(200);
      expect((response.json as Patient).gender).to.equal('female');
      expect(response.headers.get('etag')).to.equal('W/"2"');
    });

    it('history of the instance lists every version, newest first', async function () {
      const history = await ctx.client().history('Patient', id);
      expect(history.type).to.equal('history');
      expect(history.entry?.map((e) => e.resource?.meta?.versionId)).to.deep.equal(['2', '1']);
    });

    it('history of the type includes both versions', async function () {
      const history = await ctx.client().history('Patient', undefined, { _count: '1000' });
      expect(history.type).to.equal('history');
      const versions = (history.entry ?? [])
        .filter((e) => e.resource?.id === id)
        .map((e) => e.resource?.meta?.versionId);
      expect(versions).to.have.members(['1', '2']);
    });

    it('delete, then read is 410 Gone; the old versions stay readable', async function () {
      const client = ctx.client();
      await client.delete('Patient', id);
      const gone = await raw(base(), `Patient/${id}`);
      expectRefusal(gone, 'read after delete', 410);
      let error: unknown;
      await client.read('Patient', id).catch((e: unknown) => (error = e));
      expect(error).to.be.instanceOf(FhirGoneError);
      expect((await client.vread('Patient', id, '2')).gender).to.equal('female');
      const history = await client.history('Patient', id);
      expect(history.entry, 'history after delete: the delete plus two versions').to.have.length(3);
      expect(history.entry?.[0]?.request?.method).to.equal('DELETE');
    });
  });

  it('a Patient posted as FHIR XML reads back as JSON, and as XML on request (http.html#mime-type)', async function () {
    const xml = `<Patient xmlns="http://hl7.org/fhir"><active value="true"/><name><family value="Xml"/></name></Patient>`;
    const XML = 'application/fhir+xml';
    const posted = await raw(base(), 'Patient', { method: 'POST', body: xml, headers: { 'Content-Type': XML } });
    expect(posted.status, posted.text).to.equal(201);
    const id = (posted.json as Patient).id ?? '';
    expect((posted.json as Patient).name).to.deep.equal([{ family: 'Xml' }]);
    const read = await raw(base(), `Patient/${id}`, { headers: { Accept: XML } });
    expect(read.headers.get('content-type')).to.match(/^application\/fhir\+xml/);
    expect(read.text).to.match(/^<\?xml[^>]*\?><Patient xmlns="http:\/\/hl7.org\/fhir"><id value="[^"]+"\/><meta>/);
    expect(read.text).to.contain('<active value="true"/><name><family value="Xml"/></name></Patient>');
  });

  it('/metadata is a CapabilityStatement listing Patient with its search parameters', async function () {
    const response = await raw(base(), 'metadata');
    expect(response.status).to.equal(200);
    const statement = response.json as CapabilityStatement;
    expect(statement.resourceType).to.equal('CapabilityStatement');
    expect(statement.fhirVersion).to.match(/^4\.0/);
    const patient = statement.rest?.[0]?.resource?.find((r) => r.type === 'Patient');
    expect(patient, 'Patient in rest[0].resource').to.not.equal(undefined);
    expect(patient?.searchParam?.map((p) => p.name)).to.include.members([
      'name',
      'family',
      'given',
      'identifier',
      'birthdate',
    ]);
    expect(patient?.interaction?.map((i) => i.code)).to.include.members([
      'read',
      'vread',
      'update',
      'delete',
      'create',
      'search-type',
    ]);
  });

  it('search with _count=2 pages through every match via next links, without duplicates', async function () {
    const family = uniqueTag('Paging');
    const client = ctx.client();
    const ids: string[] = [];
    for (let i = 0; i < 7; i += 1) ids.push((await client.create(patientWith(family))).id ?? '');
    const seen: string[] = [];
    let url: string | undefined = `${base()}/Patient?family=${family}&_count=2`;
    let pages = 0;
    while (url !== undefined && pages < 20) {
      const page = await raw(base(), url);
      expect(page.status, page.text).to.equal(200);
      const bundle = page.json as Bundle<Patient>;
      const matches = (bundle.entry ?? []).filter((e) => e.search?.mode !== 'outcome');
      expect(matches.length, `page ${pages + 1} size`).to.be.at.most(2);
      seen.push(...matches.map((e) => e.resource?.id ?? ''));
      url = bundle.link?.find((l) => l.relation === 'next')?.url;
      pages += 1;
    }
    expect(new Set(seen).size, `no duplicates across pages: ${seen.join(',')}`).to.equal(seen.length);
    expect(seen).to.have.members(ids);
    expect(pages, 'pages').to.be.within(4, 5);
    const all: string[] = [];
    for await (const patient of client.searchAll('Patient', { family, _count: '2' })) all.push(patient.id ?? '');
    expect(all).to.have.members(ids);
  });

  it('a transaction resolves urn:uuid references between its entries', async function () {
    const patient = patientWith('Txn');
    const observation: Observation = {
      resourceType: 'Observation',
      status: 'final',
      code: { coding: [{ system: 'http://loinc.org', code: '29463-7' }] },
      subject: { reference: 'urn:uuid:6a0b5f4e-0000-4000-8000-000000000001' },
    };
    const bundle = new TransactionBuilder('transaction')
      .create(patient, { fullUrl: 'urn:uuid:6a0b5f4e-0000-4000-8000-000000000001' })
      .create(observation)
      .build();
    const response = await ctx.client().transaction(bundle);
    expect(response.type).to.equal('transaction-response');
    const [patientLocation, observationLocation] = (response.entry ?? []).map((e) => e.response?.location ?? '');
    const patientId = patientLocation?.split('/')[1] ?? '';
    const stored = await ctx.client().read('Observation', observationLocation?.split('/')[1] ?? '');
    expect(stored.subject?.reference).to.equal(`Patient/${patientId}`);
  });

  it('a transaction whose last entry is invalid stores nothing', async function () {
    const client = ctx.client();
    const system = `urn:e2e:${uniqueTag('atomic')}`;
    const before = await countMatches(client, 'Patient');
    const bundle = new TransactionBuilder('transaction')
      .create(patientWith('Atomic', system))
      .create(patientWith('Atomic', system))
      .create({ resourceType: 'Patient', gender: 'not-a-gender' } as unknown as Patient)
      .build();
    const response = await raw(base(), '', { method: 'POST', body: bundle });
    expectRefusal(response, 'transaction with an invalid last entry');
    expect((await countMatches(client, 'Patient')).count, 'Patient count after the failed transaction').to.equal(
      before.count,
    );
    expect((await countMatches(client, 'Patient', [['identifier', `${system}|`]])).count).to.equal(0);
    expect((await countMatches(client, 'Patient', [['family', 'Atomic']])).count, 'no Atomic patient').to.equal(0);
  });

  it('PATCH with JSON Patch makes a new version (http.html#patch)', async function () {
    const made = await raw(base(), 'Patient', { method: 'POST', body: patientWith('Patched') });
    const id = (made.json as Patient).id ?? '';
    const response = await raw(base(), `Patient/${id}`, {
      method: 'PATCH',
      body: [{ op: 'add', path: '/gender', value: 'other' }],
      headers: { 'Content-Type': 'application/json-patch+json', 'If-Match': 'W/"1"' },
    });
    expect(response.status, response.text).to.equal(200);
    expect((response.json as Patient).gender).to.equal('other');
    expect(response.headers.get('etag')).to.equal('W/"2"');
  });

  it('conditional delete removes every match (http.html#3.1.0.7.1)', async function () {
    const client = ctx.client();
    const system = `urn:e2e:${uniqueTag('cdel')}`;
    for (let i = 0; i < 2; i++) await raw(base(), 'Patient', { method: 'POST', body: patientWith('CondDel', system) });
    const response = await raw(base(), `Patient?identifier=${encodeURIComponent(`${system}|`)}`, { method: 'DELETE' });
    expect(response.status, response.text).to.equal(204);
    expect((await countMatches(client, 'Patient', [['identifier', `${system}|`]])).count).to.equal(0);
  });
});
