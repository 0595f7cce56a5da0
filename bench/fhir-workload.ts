// The FHIR operations the benchmark measures, each through the SDK as a client application would
// call them: create, read, search by identifier, and transaction ingest (1 Patient + 9 Observations).
import type { Bundle, Observation, Patient } from '@medplum/fhirtypes';
import { type FhirClient, TransactionBuilder } from '@nexushealth/sdk';
import { randomUUID } from 'node:crypto';
import { type LoadOptions, type LoadResult, runLoad } from './load-runner.js';

export interface Figure {
  /** e.g. `create`. */
  operation: string;
  result: LoadResult;
  /** Resources written or returned per operation (10 for a transaction of 10 entries). */
  resourcesPerOp: number;
}

export type Budgets = Record<'create' | 'read' | 'search' | 'transaction', LoadOptions>;

const OBSERVATIONS_PER_BUNDLE = 9;

/** `client`: no retries (a failure counts as it happened), a generous timeout. */
export async function runFhirWorkload(client: FhirClient, budgets: Budgets): Promise<Figure[]> {
  const system = `urn:bench:${randomUUID()}`;
  const ids: string[] = [];
  const create = await runLoad(budgets.create, async (i) => {
    const created = await client.create(patient(system, i));
    ids.push(created.id ?? '');
  });
  if (ids.length === 0) throw new Error(`no Patient could be created: ${create.firstError ?? 'no error recorded'}`);
  const read = await runLoad(budgets.read, async (i) => {
    await client.read('Patient', ids[i % ids.length] ?? '');
  });
  const search = await runLoad(budgets.search, async (i) => {
    const found = await client.search('Patient', { identifier: `${system}|${i % ids.length}` });
    if ((found.entry ?? []).length !== 1)
      throw new Error(`search ${i % ids.length} found ${(found.entry ?? []).length}, expected 1`);
  });
  const transaction = await runLoad(budgets.transaction, async () => {
    await client.transaction(bundle(system));
  });
  return [
    { operation: 'create', result: create, resourcesPerOp: 1 },
    { operation: 'read', result: read, resourcesPerOp: 1 },
    { operation: 'search (identifier)', result: search, resourcesPerOp: 1 },
    {
      operation: `transaction (1+${OBSERVATIONS_PER_BUNDLE})`,
      result: transaction,
      resourcesPerOp: 1 + OBSERVATIONS_PER_BUNDLE,
    },
  ];
}

function patient(system: string, i: number): Patient {
  return {
    resourceType: 'Patient',
    identifier: [{ system, value: String(i) }],
    name: [{ family: `Bench${i % 97}`, given: ['Load'] }],
    gender: i % 2 === 0 ? 'female' : 'male',
    birthDate: `19${String(50 + (i % 50)).padStart(2, '0')}-01-01`,
  };
}

function bundle(system: string): Bundle {
  const fullUrl = `urn:uuid:${randomUUID()}`;
  const builder = new TransactionBuilder('transaction').create(patient(`${system}:txn`, Date.now()), { fullUrl });
  for (let k = 0; k < OBSERVATIONS_PER_BUNDLE; k += 1) {
    const observation: Observation = {
      resourceType: 'Observation',
      status: 'final',
      code: { coding: [{ system: 'http://loinc.org', code: '8867-4', display: 'Heart rate' }] },
      subject: { reference: fullUrl },
      effectiveDateTime: new Date(Date.UTC(2024, 0, 1, 0, k)).toISOString(),
      valueQuantity: { value: 60 + k, unit: '/min', system: 'http://unitsofmeasure.org', code: '/min' },
    };
    builder.create(observation);
  }
  return builder.build();
}
