// `npm run demo`: starts the program, loads the Synthea bundles and the HL7 v2 ADT messages, prints a
// short summary (counts, ids and a few searches — never names or other PHI) and stops the program.
// `npm run demo` runs under scripts/with-services.mjs, so TEST_MONGODB_URL is normally set: the demo
// then uses FerretDB (and Redis for the HL7 v2 queue); without it, the embedded memory store.
import type { Observation, Patient, ResourceType } from '@medplum/fhirtypes';
import { sharedDataDir, testServices } from '../harness/services.js';
import { dropDatabase } from '../support/drop-database.js';
import { countMatches, matchIds, tokenValue } from '../support/fhir-count.js';
import { readAdtCorpus } from '../support/hl7-corpus.js';
import { pidIdentifiers } from '../support/hl7-expectations.js';
import { sendAll } from '../support/hl7-sending.js';
import { type RunningServer, startServer, withDatabase } from '../support/server-process.js';
import { readSyntheaInput } from '../support/synthea-data.js';
import { expectedCounts, inputResources, loincCodesByFrequency } from '../support/synthea-expectations.js';
import { loadSynthea } from '../support/synthea-loader.js';
import { referencedSubset } from '../support/synthea-subset.js';

const say = (line = '') => console.log(line);

async function main(): Promise<void> {
  const data = sharedDataDir();
  if (data === undefined) throw new Error('shared data not found: set NEXUS_SHARED_DATA or place it in ../shared/data');
  const services = testServices();
  const store = services ? 'FerretDB (TEST_MONGODB_URL) with the bull queue on Redis' : 'the embedded memory store';
  say(`NexusHealth demo — starting the server on ${store}`);
  const started = performance.now();
  const server = await startServer(
    services ? { mongodbUrl: services.mongodbUrl, redisUrl: services.redisUrl, databasePrefix: 'demo' } : {},
  );
  try {
    say(`  FHIR base ${server.baseUrl}, MLLP on port ${server.mllpPort} (pid ${server.pid})\n`);
    await synthea(server, data, services !== undefined);
    await hl7(server, data);
  } finally {
    await server.stop();
    if (services && server.databaseName) await dropDatabase(withDatabase(services.mongodbUrl, server.databaseName));
  }
  say(`\nDone in ${((performance.now() - started) / 1000).toFixed(1)} s; the server is stopped.`);
}

async function synthea(server: RunningServer, data: string, onFerret: boolean): Promise<void> {
  const full = readSyntheaInput(`${data}/synthea-hiv-bundles`, `${data}/synthea-inferno-uscore`);
  // Conditional creates scan the collection on FerretDB; the whole shared batches take minutes there.
  const input = onFerret ? referencedSubset(full) : full;
  if (onFerret)
    say(
      'Synthea: on FerretDB the shared Organization/Practitioner batches are cut to the entries the patients reference.',
    );
  const client = server.client({ retries: 0, timeoutMs: 300_000 });
  const t0 = performance.now();
  const loaded = await loadSynthea(client, input);
  const entries = loaded.outcomes.reduce((n, o) => n + o.entries, 0);
  say(
    `Synthea: ${loaded.outcomes.length} bundles, ${entries} entries in ${((performance.now() - t0) / 1000).toFixed(1)} s`,
  );
  for (const failure of loaded.failures) say(`  REFUSED ${failure.file}: ${failure.message}`);
  for (const { file, reason } of input.notBundles) say(`  note: ${file} is ${reason}`);
  for (const { defect } of input.defects) say(`  note: ${defect.file} loaded repaired (${defect.why})`);
  say('\n  stored per type (expected from the input):');
  for (const [type, expected] of [...expectedCounts(input)].sort()) {
    const { count } = await countMatches(client, type as ResourceType);
    say(
      `    ${type.padEnd(20)} ${String(count).padStart(5)}  (${expected})${count === expected ? '' : '  <-- differs'}`,
    );
  }
  const patients = inputResources<Patient>(input, 'Patient');
  const first = patients[0];
  const id = first ? loaded.storedAs.get(first.ref)?.split('/')[1] : undefined;
  if (!first || !id) return;
  const identifier = first.resource.identifier?.[0];
  say('\n  searches (values withheld: no PHI in the output):');
  const show = async (label: string, type: ResourceType, params: Array<[string, string]>) => {
    const ids = await matchIds(client, type, params);
    say(
      `    ${label.padEnd(66)} ${String(ids.length).padStart(4)} match(es)${ids.length <= 3 ? `: ${ids.join(', ')}` : ''}`,
    );
  };
  await show('Patient?family=<family of patient 1>', 'Patient', [['family', first.resource.name?.[0]?.family ?? '']]);
  await show('Patient?identifier=<first identifier of patient 1>', 'Patient', [
    ['identifier', tokenValue(identifier?.system, identifier?.value ?? '')],
  ]);
  await show(`Observation?subject=Patient/${id}`, 'Observation', [['subject', `Patient/${id}`]]);
  const top = loincCodesByFrequency(inputResources<Observation>(input, 'Observation'))[0];
  if (top)
    await show(`Observation?code=${top.system}|${top.code}`, 'Observation', [
      ['code', tokenValue(top.system, top.code)],
    ]);
}

async function hl7(server: RunningServer, data: string): Promise<void> {
  const corpus = readAdtCorpus(`${data}/hl7v2`);
  const t0 = performance.now();
  const sent = await sendAll(server.mllpPort, corpus.messages);
  const codes = new Map<string, number>();
  for (const { ack } of sent) codes.set(ack.code, (codes.get(ack.code) ?? 0) + 1);
  say(
    `\nHL7 v2: ${sent.length} ADT A01/A04/A08 messages over MLLP in ${((performance.now() - t0) / 1000).toFixed(1)} s`,
  );
  say(`  ACKs: ${[...codes].map(([code, n]) => `${code} ${n}`).join(', ')}`);
  for (const { message, ack } of sent.filter((s) => s.ack.code !== 'AA'))
    say(`    ${message.name}: ${ack.code} ${ack.errors.join('; ')}`);
  const client = server.client({ retries: 0 });
  const keys = new Set(
    sent
      .filter((s) => s.ack.code === 'AA')
      .flatMap((s) =>
        pidIdentifiers(s.message.message)
          .slice(0, 1)
          .map((k) => `${k.system}|${k.value}`),
      ),
  );
  let found = 0;
  for (const key of keys) {
    const [system = '', value = ''] = key.split(/\|(.*)/s);
    found += (await countMatches(client, 'Patient', [['identifier', tokenValue(system, value)]])).count;
  }
  say(
    `  Patients found by their PID-3 key identifier: ${found} for ${keys.size} distinct identifiers (queued mode may still be working)`,
  );
}

main().catch((error: unknown) => {
  console.error(`demo failed: ${error instanceof Error ? error.message : String(error)}`);
  process.exit(1);
});
