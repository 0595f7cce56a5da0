// Loads the Synthea HIV bundles and the Inferno US Core bundles through the SDK and checks, against
// expectations computed from the raw JSON, what the server stored and what its searches find.
import type { Observation, Patient, ResourceType } from '@medplum/fhirtypes';
import { FhirInvalidRequestError } from '@nexushealth/sdk';
import { expect } from 'chai';
import { Client } from 'fhir-kit-client';
import { countMatches, matchIds, tokenValue } from '../support/fhir-count.js';
import { readSyntheaInput, type SyntheaInput } from '../support/synthea-data.js';
import { referencedSubset } from '../support/synthea-subset.js';
import {
  conditionMatches,
  expectedCounts,
  type InputFact,
  inputResources,
  loincCodesByFrequency,
  observationsOfSubject,
  observationsWithCode,
  patientsMatching,
  patientsWithIdentifier,
  storedResources,
} from '../support/synthea-expectations.js';
import { loadSynthea, type LoadResult } from '../support/synthea-loader.js';
import { describeOnEachStore } from '../support/store-variants.js';

const HIV = 'synthea-hiv-bundles';
const USCORE = 'synthea-inferno-uscore';

describeOnEachStore('Synthea load', { needs: [HIV, USCORE], timeoutMs: 600_000 }, (ctx) => {
  let input: SyntheaInput;
  let loaded: LoadResult | undefined;
  let patients: Array<InputFact<Patient>>;
  let observations: Array<InputFact<Observation>>;

  /** The server id of an input resource, from the transaction/batch response. */
  const idOf = (fact: InputFact<Patient | Observation>): string => {
    const stored = loaded?.storedAs.get(fact.ref);
    if (stored === undefined) throw new Error(`no stored id for ${fact.ref} (${fact.file}): did the load succeed?`);
    return stored.split('/')[1] ?? '';
  };
  const sorted = (ids: string[]) => [...ids].sort();

  before(function () {
    const full = readSyntheaInput(ctx.dataDir(HIV), ctx.dataDir(USCORE));
    // FerretDB scans a collection per conditional create (see synthea-subset.ts): the full shared
    // batches take tens of minutes there, so that run loads only what the patients reference.
    const cut = ctx.store === 'FerretDB + Redis' && !process.env.E2E_FULL_SYNTHEA;
    input = cut ? referencedSubset(full) : full;
    if (cut) {
      const entries = input.batches.map(
        (b) =>
          `${b.file} ${b.bundle.entry?.length ?? 0}/${full.batches.find((f) => f.file === b.file)?.bundle.entry?.length ?? 0}`,
      );
      console.log(
        `      note: shared batches cut to the referenced entries (${entries.join(', ')}); E2E_FULL_SYNTHEA=1 loads them whole`,
      );
    }
    patients = inputResources<Patient>(input, 'Patient');
    observations = inputResources<Observation>(input, 'Observation');
    for (const { file, reason } of input.notBundles) console.log(`      note: ${file} is ${reason}`);
    for (const { defect } of input.defects)
      console.log(`      note: ${defect.file} is loaded repaired (${defect.why})`);
  });

  it('refuses the known defects of the input (and stores nothing of those transactions)', async function () {
    const client = ctx.client();
    for (const { defect, original } of input.defects) {
      const error = await client.transaction(original).then(
        () => undefined,
        (e: unknown) => e,
      );
      expect(error, `${defect.file} (${defect.why}) was accepted`).to.be.instanceOf(FhirInvalidRequestError);
      const issues = (error as FhirInvalidRequestError).issues;
      expect(
        issues.flatMap((i) => i.expression ?? []),
        JSON.stringify(issues),
      ).to.include(defect.expression);
    }
    for (const type of ['Patient', 'Observation', 'Encounter'] as const) {
      expect((await countMatches(client, type)).count, `${type} after the refused transaction(s)`).to.equal(0);
    }
  });

  it('accepts every batch and transaction bundle, every entry with a 2xx', async function () {
    loaded = await loadSynthea(ctx.client(), input);
    expect(
      loaded.failures,
      `bundles the server refused:\n${loaded.failures.map((f) => `${f.file}: ${f.message}`).join('\n')}`,
    ).to.deep.equal([]);
    for (const outcome of loaded.outcomes) {
      const bad = outcome.statuses.map((status, i) => ({ i, status })).filter(({ status }) => !/^2\d\d$/.test(status));
      expect(bad, `${outcome.type} ${outcome.file}: entries without a 2xx`).to.deep.equal([]);
      expect(outcome.statuses, `${outcome.file}: one response entry per request entry`).to.have.length(outcome.entries);
    }
  });

  it('stores as many resources of each type as the input holds (conditional creates counted once)', async function () {
    const client = ctx.client();
    const wrong: string[] = [];
    for (const [type, expected] of expectedCounts(input)) {
      const { count, method } = await countMatches(client, type as ResourceType, []);
      if (count !== expected) wrong.push(`${type}: stored ${count} (by ${method}), expected ${expected}`);
    }
    expect(wrong, `\n${wrong.join('\n')}`).to.deep.equal([]);
  });

  it('posting the conditional creates again creates nothing (200 for one match, 412 for several)', async function () {
    const client = ctx.client();
    const types = [...expectedCounts(input).keys()] as ResourceType[];
    const before = await Promise.all(types.map((type) => countMatches(client, type)));
    const stored = storedResources(input);
    for (const item of input.batches) {
      const entries = (item.bundle.entry ?? []).filter((e) => e.request?.ifNoneExist !== undefined);
      const response = await client.batch({ resourceType: 'Bundle', type: 'batch', entry: entries });
      const wrong = entries.flatMap((entry, i) => {
        const type = entry.resource?.resourceType ?? '';
        const expected = conditionMatches(stored, type, entry.request?.ifNoneExist ?? '') === 1 ? '200' : '412';
        const status = response.entry?.[i]?.response?.status?.split(' ')[0];
        return status === expected
          ? []
          : [`entry ${i} ${type}?${entry.request?.ifNoneExist ?? ''}: ${status ?? 'none'}, expected ${expected}`];
      });
      expect(wrong, `${item.file} again:\n${wrong.slice(0, 10).join('\n')}`).to.deep.equal([]);
    }
    const after = await Promise.all(types.map((type) => countMatches(client, type)));
    expect(after.map((c) => c.count)).to.deep.equal(before.map((c) => c.count));
  });

  it('finds each Patient by name, family and given, and nothing else', async function () {
    const client = ctx.client();
    for (const patient of patients) {
      const official = patient.resource.name?.[0];
      const queries: Array<['name' | 'family' | 'given', string | undefined]> = [
        ['family', official?.family],
        ['given', official?.given?.[0]],
        ['name', official?.given?.[0]],
        ['name', official?.family?.toUpperCase()],
      ];
      for (const [param, value] of queries) {
        if (value === undefined) continue;
        const expected = patientsMatching(patients, param, value).map(idOf);
        const found = await matchIds(client, 'Patient', [[param, value]]);
        expect(sorted(found), `Patient?${param}=${value} (${patient.file})`).to.deep.equal(sorted(expected));
      }
    }
  });

  it('finds each Patient by every identifier system|value it carries', async function () {
    const client = ctx.client();
    for (const patient of patients) {
      for (const identifier of patient.resource.identifier ?? []) {
        if (identifier.value === undefined) continue;
        const expected = patientsWithIdentifier(patients, identifier).map(idOf);
        const found = await matchIds(client, 'Patient', [
          ['identifier', tokenValue(identifier.system, identifier.value)],
        ]);
        expect(sorted(found), `Patient?identifier=${identifier.system ?? ''}|… (${patient.file})`).to.deep.equal(
          sorted(expected),
        );
      }
    }
  });

  it('finds Observations by LOINC code (the 3 most frequent codes and the rarest)', async function () {
    const client = ctx.client();
    const codes = loincCodesByFrequency(observations);
    expect(codes.length, 'LOINC codes in the input').to.be.greaterThan(3);
    for (const coding of [...codes.slice(0, 3), codes[codes.length - 1]!]) {
      const expected = observationsWithCode(observations, coding).map(idOf);
      const found = await matchIds(client, 'Observation', [['code', tokenValue(coding.system, coding.code)]]);
      expect(sorted(found), `Observation?code=${coding.system}|${coding.code}`).to.deep.equal(sorted(expected));
      const { count } = await countMatches(client, 'Observation', [['code', tokenValue(coding.system, coding.code)]]);
      expect(count, `count of Observation?code=…|${coding.code}`).to.equal(expected.length);
    }
  });

  it("finds each Patient's Observations by subject", async function () {
    const client = ctx.client();
    for (const patient of patients) {
      const expected = observationsOfSubject(observations, patient.ref).map(idOf);
      const found = await matchIds(client, 'Observation', [['subject', `Patient/${idOf(patient)}`]]);
      expect(sorted(found), `Observation?subject=Patient/… (${patient.file})`).to.deep.equal(sorted(expected));
    }
  });

  it('answers an independent client (fhir-kit-client): read a Patient, search by identifier', async function () {
    const patient = patients[0]!;
    const identifier = patient.resource.identifier?.[0];
    // fhir-kit-client carries the admin's token from the program's own token endpoint.
    const kit = new Client({ baseUrl: ctx.server.baseUrl, bearerToken: await ctx.server.bearer() });
    const read = await kit.read({ resourceType: 'Patient', id: idOf(patient) });
    expect(read.resourceType).to.equal('Patient');
    expect((read as unknown as Patient).identifier).to.deep.equal(patient.resource.identifier);
    const bundle = await kit.search({
      resourceType: 'Patient',
      searchParams: { identifier: tokenValue(identifier?.system, identifier?.value ?? '') },
    });
    const entries = (bundle.entry ?? []) as Array<{ resource?: Patient }>;
    expect(entries.map((e) => e.resource?.id)).to.deep.equal([idOf(patient)]);
  });
});
