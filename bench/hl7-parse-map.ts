// HL7 v2 parse + map alone, in process and on one core: how many messages per second the adapters'
// own code can turn into transaction Bundles (target ≥ 10,000 ADT messages/s), so an end-to-end feed
// is limited by the store, not by us. Messages are the shared corpus's, each mapped once up front
// to keep only those that map; figures only, never pass/fail.
import {
  Hl7DataError,
  Hl7ParseError,
  Hl7UnsupportedError,
  mapMessage,
  parseHl7,
  splitBatch,
} from '@nexushealth/adapters';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { textTable } from './figures-table.js';
import { sharedDataDir } from './test-support.js';

/** Messages per measured round; rounds repeat until the time budget is spent. */
const ROUND = 2_000;
const BUDGET_MS = Number(process.env.BENCH_HL7_MS ?? 3_000);
const TARGET_ADT_PER_S = 10_000;

interface Figure {
  family: string;
  messages: number;
  /** Messages per second of CPU time of this process. */
  perCpuSecond: number;
  perWallSecond: number;
  meanBytes: number;
}

/** Every message of the corpus that parses and maps (batches split), grouped by MSH-9.1. */
function mappableMessages(dir: string): Map<string, string[]> {
  const byFamily = new Map<string, string[]>();
  for (const file of readdirSync(dir).filter((f) => f.endsWith('.hl7'))) {
    let parts: string[];
    try {
      parts = splitBatch(readFileSync(join(dir, file), 'utf8').replace(/^\uFEFF/, ''));
    } catch (error) {
      if (error instanceof Hl7ParseError) continue;
      throw error;
    }
    for (const text of parts) {
      try {
        const message = parseHl7(text);
        mapMessage(message);
        const family = message.get('MSH')?.field(9).component(1) ?? '?';
        byFamily.set(family, [...(byFamily.get(family) ?? []), text]);
      } catch (error) {
        // Messages the server answers AE/AR are not what the figure is about; anything else is a bug.
        if (!(error instanceof Hl7ParseError || error instanceof Hl7DataError || error instanceof Hl7UnsupportedError))
          throw error;
      }
    }
  }
  return byFamily;
}

/**
 * Parse + map the texts round-robin until the budget is spent. The rate is per second of this
 * process's own CPU time (user + system), which is what "on one core" means and what stays true on
 * a shared, loaded machine; the wall-clock rate is printed beside it.
 */
function measure(family: string, texts: string[]): Figure {
  let done = 0;
  const started = process.hrtime.bigint();
  const cpuStarted = process.cpuUsage();
  let elapsedMs = 0;
  while (elapsedMs < BUDGET_MS) {
    for (let i = 0; i < ROUND; i += 1) mapMessage(parseHl7(texts[i % texts.length]!));
    done += ROUND;
    elapsedMs = Number(process.hrtime.bigint() - started) / 1e6;
  }
  const cpu = process.cpuUsage(cpuStarted);
  const cpuMs = (cpu.user + cpu.system) / 1000;
  const meanBytes = texts.reduce((sum, t) => sum + Buffer.byteLength(t), 0) / texts.length;
  return {
    family,
    messages: texts.length,
    perCpuSecond: (done * 1000) / cpuMs,
    perWallSecond: (done * 1000) / elapsedMs,
    meanBytes,
  };
}

/**
 * How loaded the machine is: CPU µs of one JSON stringify + parse of a fixed 2 KB object, measured
 * just before the figures. CPU time is inflated on a shared machine (caches, SMT siblings), so a
 * rate is comparable between runs only beside this gauge.
 */
function calibrationMicros(): number {
  const sample = {
    resourceType: 'Patient',
    identifier: Array.from({ length: 18 }, (_, i) => ({ system: `urn:oid:1.2.36.146.595.217.0.${i}`, value: `${i}` })),
    name: Array.from({ length: 18 }, (_, i) => ({ family: `Family${i}`, given: ['Given', `Middle${i}`] })),
  };
  const rounds = 20_000;
  const started = process.cpuUsage();
  for (let i = 0; i < rounds; i += 1) JSON.parse(JSON.stringify(sample));
  const cpu = process.cpuUsage(started);
  return (cpu.user + cpu.system) / rounds;
}

export function runHl7ParseMapBench(): void {
  const shared = sharedDataDir();
  if (shared === undefined) {
    console.log('hl7 parse+map skipped: no shared data (NEXUS_SHARED_DATA unset, no shared/data beside the repo)');
    return;
  }
  const byFamily = mappableMessages(join(shared, 'hl7v2'));
  const gauge = calibrationMicros();
  const figures = [...byFamily.entries()].sort(([a], [b]) => a.localeCompare(b)).map(([f, t]) => measure(f, t));
  const rows = figures.map((f) => [
    f.family,
    String(f.messages),
    f.meanBytes.toFixed(0),
    f.perCpuSecond.toFixed(0),
    f.perWallSecond.toFixed(0),
    f.family === 'ADT' ? `${(f.perCpuSecond / TARGET_ADT_PER_S).toFixed(2)}× the ${TARGET_ADT_PER_S}/s target` : '',
  ]);
  console.log('\nHL7 v2 parse + map, one core, corpus messages round-robin');
  console.log(`load gauge: a 2 KB JSON stringify + parse took ${gauge.toFixed(1)} CPU µs in this run`);
  console.log(
    textTable(
      ['family', 'distinct msgs', 'mean bytes', 'msgs/CPU-s', 'msgs/wall-s', 'note'],
      rows,
      (c) => c >= 1 && c <= 4,
    ),
  );
}
