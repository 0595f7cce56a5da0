// Counting and collecting search matches through the SDK, whatever total support the server has.
import type { ResourceType } from '@medplum/fhirtypes';
import type { FhirClient } from '@nexushealth/sdk';

type Params = Array<[string, string]>;

/** How a count was obtained, so a report can say when the server gave no `Bundle.total`. */
export type CountMethod = '_summary=count' | '_total=accurate' | 'paging';

/**
 * The number of matches: `_summary=count` (search.html#summary), else `_total=accurate&_count=0`
 * (search.html#total), else by following every page, for a server that gives no total.
 */
export async function countMatches(
  client: FhirClient,
  type: ResourceType,
  params: Params = [],
): Promise<{ count: number; method: CountMethod }> {
  const summary = await client.search(type, [...params, ['_summary', 'count']]);
  if (typeof summary.total === 'number') return { count: summary.total, method: '_summary=count' };
  const total = await client.search(type, [...params, ['_total', 'accurate'], ['_count', '0']]);
  if (typeof total.total === 'number') return { count: total.total, method: '_total=accurate' };
  return { count: (await matchIds(client, type, params)).length, method: 'paging' };
}

/** The ids of every match, page after page (large pages: fewer round trips). */
export async function matchIds(client: FhirClient, type: ResourceType, params: Params = []): Promise<string[]> {
  const ids: string[] = [];
  for await (const resource of client.searchAll(type, [...params, ['_count', '500']])) ids.push(resource.id ?? '');
  return ids;
}

/** A token search value `system|code`, escaping `\ | , $` in each half (search.html#escaping). */
export function tokenValue(system: string | undefined, code: string): string {
  const escape = (s: string) => s.replace(/[\\|,$]/g, (c) => `\\${c}`);
  return system === undefined ? escape(code) : `${escape(system)}|${escape(code)}`;
}
