// A closed-loop load generator: a fixed number of operations in flight, stopped by a count or a
// time budget, whichever comes first, so a slow backend bounds the run instead of stretching it.

export interface LoadOptions {
  /** Operations in flight at once. */
  concurrency: number;
  /** Stop after this many operations have been started. */
  maxOps: number;
  /** Stop starting new operations after this many milliseconds. */
  maxMs: number;
}

export interface LoadResult {
  ops: number;
  errors: number;
  /** The first error seen, for the report (a benchmark that only fails is not a figure). */
  firstError?: string;
  elapsedMs: number;
  /** Latency of each successful operation, in milliseconds, sorted ascending. */
  latenciesMs: number[];
}

/** Runs `op(i)` for i = 0, 1, … with `concurrency` workers until a bound is reached. */
export async function runLoad(options: LoadOptions, op: (i: number) => Promise<void>): Promise<LoadResult> {
  const started = performance.now();
  const latenciesMs: number[] = [];
  const result: LoadResult = { ops: 0, errors: 0, elapsedMs: 0, latenciesMs };
  let next = 0;
  const worker = async () => {
    while (next < options.maxOps && performance.now() - started < options.maxMs) {
      const i = next;
      next += 1;
      const t0 = performance.now();
      try {
        await op(i);
        latenciesMs.push(performance.now() - t0);
      } catch (error) {
        result.errors += 1;
        result.firstError ??= error instanceof Error ? error.message : String(error);
      }
      result.ops += 1;
    }
  };
  await Promise.all(Array.from({ length: options.concurrency }, worker));
  result.elapsedMs = performance.now() - started;
  latenciesMs.sort((a, b) => a - b);
  return result;
}

/** The p-th percentile (0–100) of sorted values, nearest-rank; NaN when there are none. */
export function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) return Number.NaN;
  const rank = Math.ceil((p / 100) * sorted.length);
  return sorted[Math.min(sorted.length - 1, Math.max(0, rank - 1))] ?? Number.NaN;
}

/** Successful operations per second. */
export function ratePerSecond(result: LoadResult): number {
  return result.elapsedMs > 0 ? (result.latenciesMs.length * 1000) / result.elapsedMs : 0;
}
