// Prints benchmark figures as a plain-text table (figures only: a benchmark never passes or fails).
import { type LoadResult, percentile, ratePerSecond } from './load-runner.js';

export interface Row {
  backend: string;
  operation: string;
  result: LoadResult;
  resourcesPerOp: number;
  /** Extra text for the last column, e.g. a ratio to the ceiling. */
  note?: string;
}

const HEADERS = ['backend', 'operation', 'ops ok', 'errors', 'ops/s', 'resources/s', 'p50 ms', 'p99 ms', 'note'];

export function formatTable(rows: Row[]): string {
  const cells = rows.map((row) => {
    const rate = ratePerSecond(row.result);
    return [
      row.backend,
      row.operation,
      String(row.result.latenciesMs.length),
      String(row.result.errors),
      rate.toFixed(1),
      (rate * row.resourcesPerOp).toFixed(1),
      percentile(row.result.latenciesMs, 50).toFixed(1),
      percentile(row.result.latenciesMs, 99).toFixed(1),
      row.note ?? '',
    ];
  });
  return textTable(HEADERS, cells, (column) => column >= 2 && column <= 7);
}

/** Columns padded to their widest cell, the numeric ones right-aligned, under a rule of dashes. */
export function textTable(headers: string[], cells: string[][], rightAligned: (column: number) => boolean): string {
  const widths = headers.map((h, i) => Math.max(h.length, ...cells.map((c) => (c[i] ?? '').length)));
  const line = (values: string[]) =>
    values
      .map((v, i) => (rightAligned(i) ? v.padStart(widths[i] ?? 0) : v.padEnd(widths[i] ?? 0)))
      .join('  ')
      .trimEnd();
  return [line(headers), line(widths.map((w) => '-'.repeat(w))), ...cells.map(line)].join('\n');
}
