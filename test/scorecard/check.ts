import type { Fixture } from './fixture.js';
import type { Wire } from './wire.js';

/** The areas of the scorecard, in the order they print. */
export const AREAS = [
  'interactions',
  'conditional',
  'formats',
  'string',
  'token',
  'reference',
  'date',
  'number',
  'quantity',
  'uri',
  'composite',
  'modifiers',
  'chains',
  'includes',
  'paging',
  'bundles',
  'history',
  'compartments',
  'operations',
] as const;

export type Area = (typeof AREAS)[number];

/** One rule of the specification, checked over the wire; throws when the server breaks it. */
export interface Check {
  area: Area;
  /** What the rule is, and the spec section it comes from. */
  name: string;
  run(wire: Wire, fixture: Fixture): Promise<void>;
}

export interface CheckResult {
  check: Check;
  error?: string;
}

export async function runChecks(wire: Wire, fixture: Fixture, checks: Check[]): Promise<CheckResult[]> {
  const results: CheckResult[] = [];
  for (const check of checks) {
    try {
      await check.run(wire, fixture);
      results.push({ check });
    } catch (error) {
      results.push({ check, error: error instanceof Error ? error.message : String(error) });
    }
  }
  return results;
}

/** The scorecard: a line per area, the failures with their reason, and `N passed, N failed`. */
export function formatScorecard(results: CheckResult[]): string {
  const lines: string[] = [];
  for (const area of AREAS) {
    const own = results.filter((r) => r.check.area === area);
    if (own.length === 0) continue;
    const passed = own.filter((r) => r.error === undefined).length;
    lines.push(`${passed === own.length ? 'PASS' : 'FAIL'}  ${area.padEnd(13)} ${passed}/${own.length}`);
    for (const r of own) if (r.error !== undefined) lines.push(`        ✗ ${r.check.name}\n          ${r.error}`);
  }
  const failed = results.filter((r) => r.error !== undefined).length;
  lines.push('', `${results.length - failed} passed, ${failed} failed`);
  return lines.join('\n');
}
