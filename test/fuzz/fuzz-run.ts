import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { SearchParameterRegistry } from '@nexushealth/conformance';
import { describeRequest, type FuzzRequest } from './fuzz-request.js';
import { Random } from './random.js';
import { RequestGenerator, type Example } from './request-generator.js';

export interface FuzzOptions {
  /** The FHIR base (`http://127.0.0.1:1234/fhir`) and the origin for /healthz. */
  baseUrl: string;
  origin: string;
  seed: number;
  /** Stop after this many requests, or after `seconds`, whichever comes first. */
  requests?: number;
  seconds?: number;
  /** Requests in flight at once. Default 4. */
  concurrency?: number;
  /** The R4 examples folder (`../shared/data/fhir-r4-examples`); without it, small built-in ones. */
  examplesDir?: string;
  /** A request not answered in this time counts as a hang (a failure). Default 30 s. */
  timeoutMs?: number;
  /**
   * A valid access token for requests that carry no Authorization header of their own, so that
   * with authentication on the fuzz reaches the handlers and scope checks behind the token check.
   */
  bearer?: () => Promise<string>;
}

export interface FuzzFailure {
  request: string;
  why: string;
}

export interface FuzzReport {
  seed: number;
  sent: number;
  seconds: number;
  byStatus: Record<string, number>;
  byInteraction: Record<string, Record<string, number>>;
  failures: FuzzFailure[];
  /** Requests sent again after the transport lost them (see `send`). */
  resent?: number;
  /** /healthz answered 200 after the run. */
  alive: boolean;
}

const BUILT_IN: Example[] = [
  { resourceType: 'Patient', name: [{ family: 'Fuzz', given: ['Ann'] }], gender: 'female', birthDate: '1970-01-01' },
  { resourceType: 'Observation', status: 'final', code: { text: 'x' }, valueQuantity: { value: 1, unit: 'mg' } },
];

/**
 * Sends random and mutated requests to a running server and counts what it answers. A 5xx (but 501),
 * an answer that is not FHIR (a 4xx without an OperationOutcome), a request that hangs or a
 * connection the server drops is a failure, reported with a curl line that replays it.
 */
export async function runFuzz(options: FuzzOptions): Promise<FuzzReport> {
  const random = new Random(options.seed);
  const generator = new RequestGenerator(random, SearchParameterRegistry.loadBase(), loadExamples(options.examplesDir));
  const report: FuzzReport = {
    seed: options.seed,
    sent: 0,
    seconds: 0,
    byStatus: {},
    byInteraction: {},
    failures: [],
    alive: false,
  };
  const started = Date.now();
  const deadline = options.seconds === undefined ? Infinity : started + options.seconds * 1000;
  const limit = options.requests ?? Infinity;
  const worker = async () => {
    while (report.sent < limit && Date.now() < deadline && report.failures.length < 20) {
      report.sent += 1;
      const request = generator.next();
      if (options.bearer && request.headers.Authorization === undefined)
        request.headers.Authorization = `Bearer ${await options.bearer()}`;
      const status = await send(options, request, generator, report);
      report.byStatus[status] = (report.byStatus[status] ?? 0) + 1;
      const counts = (report.byInteraction[request.interaction] ??= {});
      counts[status] = (counts[status] ?? 0) + 1;
    }
  };
  await Promise.all(Array.from({ length: options.concurrency ?? 4 }, worker));
  report.seconds = (Date.now() - started) / 1000;
  report.alive = await fetch(`${options.origin}/healthz`, { signal: AbortSignal.timeout(10_000) }).then(
    (response) => response.status === 200,
    () => false,
  );
  return report;
}

async function send(
  options: FuzzOptions,
  request: FuzzRequest,
  generator: RequestGenerator,
  report: FuzzReport,
): Promise<string> {
  const fail = (why: string) => report.failures.push({ request: describeRequest(options.baseUrl, request), why });
  let answer = await exchange(options, request);
  // A kept-alive connection the server closed as idle just as it was reused (undici's "other side
  // closed"): a race of the transport, not an answer. Sent once more on a fresh connection; a
  // server that really dropped the request (or crashed) fails again, and /healthz tells a crash.
  if (typeof answer === 'string') {
    report.resent = (report.resent ?? 0) + 1;
    answer = await exchange(options, request, { Connection: 'close' });
  }
  if (typeof answer === 'string') {
    fail(`no answer (${answer})`);
    return 'no answer';
  }
  const { status, text, headers } = answer;
  // 501 is the answer for a method the server does not implement (http.html#ops), not a fault.
  if (status >= 500 && status !== 501) fail(`HTTP ${status}: ${text.slice(0, 500)}`);
  else if (status >= 400 && request.method !== 'HEAD' && !isOutcome(text, headers))
    fail(`HTTP ${status} without an OperationOutcome: ${text.slice(0, 300)}`);
  if (status === 201) learn(generator, headers.get('location'));
  return String(status);
}

/** The answer, or why there was none. */
async function exchange(
  options: FuzzOptions,
  request: FuzzRequest,
  extraHeaders: Record<string, string> = {},
): Promise<{ status: number; text: string; headers: Headers } | string> {
  try {
    const response = await fetch(`${options.baseUrl}/${request.path}`, {
      method: request.method,
      headers: { ...request.headers, ...extraHeaders },
      ...(request.body === undefined ? {} : { body: request.body }),
      signal: AbortSignal.timeout(options.timeoutMs ?? 30_000),
    });
    return { status: response.status, text: await response.text(), headers: response.headers };
  } catch (error) {
    const cause = (error as { cause?: { code?: string; message?: string } } | null)?.cause;
    const why = error instanceof Error ? `${error.name}: ${error.message}` : String(error);
    return cause === undefined ? why : `${why}; ${cause.code ?? ''} ${cause.message ?? ''}`;
  }
}

function isOutcome(text: string, headers: Headers): boolean {
  const type = headers.get('content-type') ?? '';
  if (type.includes('xml')) return text.includes('<OperationOutcome');
  try {
    return (JSON.parse(text) as { resourceType?: string }).resourceType === 'OperationOutcome';
  } catch {
    return false;
  }
}

function learn(generator: RequestGenerator, location: string | null): void {
  const match = /\/([A-Z][A-Za-z]+)\/([A-Za-z0-9\-.]{1,64})\/_history\//.exec(location ?? '');
  if (match) generator.learn(match[1] as string, match[2] as string);
}

/** The R4 examples (one resource per file); Bundles of them too, as the server may take them. */
function loadExamples(dir: string | undefined): Example[] {
  if (dir === undefined) return BUILT_IN;
  const examples = readdirSync(dir)
    .filter((name) => name.endsWith('.json'))
    .map((name) => JSON.parse(readFileSync(path.join(dir, name), 'utf8')) as Example)
    .filter((example) => typeof example.resourceType === 'string');
  return examples.length > 0 ? examples : BUILT_IN;
}

/** The counts as a table for the console. */
export function formatReport(report: FuzzReport): string {
  const statuses = Object.keys(report.byStatus).sort();
  const rows = Object.entries(report.byInteraction)
    .sort(([a], [b]) => a.localeCompare(b))
    .map(
      ([interaction, counts]) =>
        `  ${interaction.padEnd(20)} ${statuses.map((s) => `${s}:${counts[s] ?? 0}`).join('  ')}`,
    );
  return [
    `fuzz: seed ${report.seed}, ${report.sent} requests in ${report.seconds.toFixed(1)} s (${(report.sent / report.seconds).toFixed(0)}/s), server alive: ${report.alive}, resent after a lost connection: ${report.resent ?? 0}`,
    `  by status: ${statuses.map((s) => `${s}: ${report.byStatus[s]}`).join(', ')}`,
    ...rows,
    ...report.failures.map((f) => `FAILURE ${f.why}\n  ${f.request}`),
  ].join('\n');
}
