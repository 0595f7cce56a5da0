// Posts the Synthea input through the SDK, the way a client application would, and records what
// the server answered so suites can assert on it and the demo can summarise it.
import type { Bundle, BundleEntry } from '@medplum/fhirtypes';
import type { FhirClient } from '@nexushealth/sdk';
import type { InputBundle, SyntheaInput } from './synthea-data.js';
import { entryRef } from './synthea-expectations.js';

export interface BundleOutcome {
  file: string;
  type: 'batch' | 'transaction';
  entries: number;
  /** HTTP status line of each response entry, in order (`201 Created` → `201`). */
  statuses: string[];
  ms: number;
}

export interface LoadResult {
  outcomes: BundleOutcome[];
  /** Input reference (fullUrl or `Type/id`) → `Type/id` the server stored it as. */
  storedAs: Map<string, string>;
  /** Bundles (or plain resources) the server refused, with its answer. */
  failures: Array<{ file: string; message: string }>;
}

/**
 * Loads batches (in order), then transactions, then plain resources. A refusal does not stop the
 * load: it is recorded in `failures`, so one run reports every bundle the server rejects.
 */
export async function loadSynthea(client: FhirClient, input: SyntheaInput): Promise<LoadResult> {
  const result: LoadResult = { outcomes: [], storedAs: new Map(), failures: [] };
  const attempt = async (file: string, work: () => Promise<void>) => {
    try {
      await work();
    } catch (error) {
      result.failures.push({ file, message: error instanceof Error ? error.message : String(error) });
    }
  };
  for (const item of input.batches)
    await attempt(item.file, async () => void result.outcomes.push(await post(client, item, 'batch', result.storedAs)));
  for (const item of input.transactions) {
    await attempt(
      item.file,
      async () => void result.outcomes.push(await post(client, item, 'transaction', result.storedAs)),
    );
  }
  for (const { file, resource } of input.resources)
    await attempt(file, async () => void (await client.update(resource)));
  return result;
}

/** One Bundle through `batch` or `transaction`; a failure is rethrown with the file name. */
export async function post(
  client: FhirClient,
  item: InputBundle,
  type: 'batch' | 'transaction',
  storedAs: Map<string, string>,
): Promise<BundleOutcome> {
  const started = performance.now();
  let response: Bundle;
  try {
    response = type === 'batch' ? await client.batch(item.bundle) : await client.transaction(item.bundle);
  } catch (error) {
    const why = error instanceof Error ? error.message : String(error);
    throw new Error(`${type} ${item.file} was rejected: ${why}`, { cause: error });
  }
  const ms = performance.now() - started;
  const answers = response.entry ?? [];
  (item.bundle.entry ?? []).forEach((entry, i) => remember(storedAs, entry, answers[i]));
  return {
    file: item.file,
    type,
    entries: item.bundle.entry?.length ?? 0,
    statuses: answers.map((a) => statusCode(a)),
    ms,
  };
}

function remember(storedAs: Map<string, string>, entry: BundleEntry, answer: BundleEntry | undefined): void {
  const location = answer?.response?.location ?? answer?.fullUrl;
  const match =
    location === undefined ? null : /([A-Za-z]+)\/([A-Za-z0-9\-.]{1,64})(?:\/_history\/[^/]+)?$/.exec(location);
  if (match) storedAs.set(entryRef(entry), `${match[1]}/${match[2]}`);
}

function statusCode(answer: BundleEntry): string {
  return (answer.response?.status ?? '').split(' ')[0] ?? '';
}
