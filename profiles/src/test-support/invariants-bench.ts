// Invariant cost per resource: `node profiles/dist/test-support/invariants-bench.js`. Figures only.
// The nodes and their constraints are collected first (the StructureDefinition walk is not timed).
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { InvariantChecker } from '../invariants/invariant-checker.js';
import { constrainedNodes, type ConstrainedNode } from './r4-constraint-walk.js';
import { readJsonFile } from './read-json-file.js';
import { sharedDataFolder } from './shared-data.js';

type Json = Record<string, unknown>;

const SMALL_PATIENT: Json = {
  resourceType: 'Patient',
  id: 'p1',
  meta: { profile: ['http://example.org/p'] },
  identifier: [{ system: 'urn:oid:1.2.3', value: '12345' }],
  name: [{ family: 'Doe', given: ['Jane'] }],
  gender: 'female',
  birthDate: '1980-01-01',
  telecom: [{ system: 'phone', value: '555-1234' }],
};

function hundredEntryBundle(): Json | undefined {
  const folder = sharedDataFolder('synthea-inferno-uscore');
  for (const name of folder ? readdirSync(folder).filter((file) => /\.json(\.gz)?$/.test(file)) : []) {
    const bundle = readJsonFile(join(folder ?? '', name)) as { entry?: unknown[] };
    if ((bundle.entry?.length ?? 0) >= 100) return { ...bundle, entry: bundle.entry?.slice(0, 100) };
  }
  return undefined;
}

function measure(name: string, resource: Json, checker: InvariantChecker): void {
  const nodes: ConstrainedNode[] = [...constrainedNodes(resource)];
  const run = (): number =>
    nodes.reduce((n, { node, at, constraints }) => n + checker.check(constraints, node, at).length, 0);
  const repeat = (ms: number): number => {
    const start = performance.now();
    let rounds = 0;
    while (performance.now() - start < ms) {
      run();
      rounds += 1;
    }
    return ((performance.now() - start) * 1000) / rounds;
  };
  repeat(1500); // warm up: compile, JIT
  const micros = repeat(3000);
  const constraints = nodes.reduce((n, c) => n + c.constraints.length, 0);
  console.log(
    `${name.padEnd(34)} ${String(nodes.length).padStart(6)} nodes ${String(constraints).padStart(6)} constraints ${micros.toFixed(1).padStart(9)} µs/resource`,
  );
}

const examples = sharedDataFolder('fhir-r4-examples');
for (const native of [true, false]) {
  const checker = new InvariantChecker({ native });
  console.log(native ? 'native fast paths on:' : 'every constraint through fhirpath.js:');
  measure('small Patient', SMALL_PATIENT, checker);
  if (examples) {
    measure('Patient-example.json', readJsonFile(join(examples, 'Patient-example.json')) as Json, checker);
    measure(
      'Observation-blood-pressure.json',
      readJsonFile(join(examples, 'Observation-blood-pressure.json')) as Json,
      checker,
    );
  }
  const bundle = hundredEntryBundle();
  if (bundle) measure('Synthea Bundle, first 100 entries', bundle, checker);
}
