import type { Bundle, BundleEntry, OperationOutcomeIssue } from '@medplum/fhirtypes';
import { OperationOutcomeError } from '../errors/outcome-error.js';
import { compileSearch } from '../search/compile-search.js';
import { parseSearchRequest } from '../search/parse-search-request.js';
import type { SearchQuery } from '../search/search-query.js';
import { subsetResource } from '../search/subset-resource.js';
import { pageLinks } from './bundle-links.js';
import { localQueryRelative } from './local-references.js';
import type { InteractionHandler } from './engine-context.js';
import { assertKnownType } from './resource-body.js';

/**
 * search: GET [base]/[type]?params and POST [base]/[type]/_search (http.html#search). Unknown
 * and unsupported parameters follow `Prefer: handling` (search.html#errors): lenient (the
 * default) ignores them and says so in an OperationOutcome entry; strict rejects the search with
 * 400. The links carry only the parameters that were applied (search.html#conformance), so a
 * client can tell from `self` that an ignored filter was not used.
 */
export const searchType: InteractionHandler = async (request, context) => {
  const type = assertKnownType(request.resourceType, context);
  const query = parseSearchRequest(type, localQueryRelative(request.query, context.baseUrl), context.registry);
  const unknown = [...new Set(query.unknownParams)];
  if (unknown.length > 0 && /handling\s*=\s*strict/i.test(request.headers.prefer ?? '')) {
    throw OperationOutcomeError.of(
      'not-supported',
      `Unknown or unsupported search parameter: ${unknown.join(', ')}`,
      unknown[0],
    );
  }
  const compiled = compileSearch(query);
  const found = await context.store.search({ resourceTypes: [type], ...compiled });
  const entries: BundleEntry[] = found.records.map((record) => ({
    fullUrl: `${context.baseUrl}/${record.resourceType}/${record.id}`,
    ...(record.resource ? { resource: subsetResource(record.resource, query) } : {}),
    search: { mode: 'match' },
  }));
  const outcome = outcomeEntry(unknown, query);
  if (outcome) entries.push(outcome);
  const bundle: Bundle = {
    resourceType: 'Bundle',
    type: 'searchset',
    ...(found.total !== undefined ? { total: found.total } : {}),
    link: pageLinks(`${context.baseUrl}/${type}`, query.applied, {
      offset: compiled.offset,
      count: compiled.count,
      returned: found.records.length,
      ...(found.total !== undefined ? { total: found.total } : {}),
    }),
    entry: entries,
  };
  return { status: 200, resource: bundle };
};

/** The search.mode `outcome` entry (search.html#errors): ignored parameters and adjustments. */
function outcomeEntry(unknown: string[], query: SearchQuery): BundleEntry | undefined {
  const issues: OperationOutcomeIssue[] = [
    ...unknown.map((name): OperationOutcomeIssue => ({
      severity: 'warning',
      code: 'not-supported',
      diagnostics: `Search parameter '${name}' is not known or not supported and was ignored`,
      expression: [name],
    })),
    ...query.warnings.map((diagnostics): OperationOutcomeIssue => ({
      severity: 'information',
      code: 'informational',
      diagnostics,
    })),
  ];
  if (issues.length === 0) return undefined;
  return { resource: { resourceType: 'OperationOutcome', issue: issues }, search: { mode: 'outcome' } };
}
