import type { Bundle, BundleEntry } from '@medplum/fhirtypes';
import { OperationOutcomeError } from '../errors/outcome-error.js';
import { compileSearch } from '../search/compile-search.js';
import { parseSearchRequest } from '../search/parse-search-request.js';
import { pageLinks } from './bundle-links.js';
import type { InteractionHandler } from './engine-context.js';
import { assertKnownType } from './resource-body.js';

/**
 * search: GET [base]/[type]?params and POST [base]/[type]/_search (http.html#search). Unknown
 * parameters follow `Prefer: handling` (search.html#errors): lenient (the default) ignores them
 * and says so in an OperationOutcome entry; strict rejects the search with 400.
 */
export const searchType: InteractionHandler = async (request, context) => {
  const type = assertKnownType(request.resourceType, context);
  const query = parseSearchRequest(type, request.query, context.registry);
  const unknown = query.unknownParams;
  if (unknown.length > 0 && /handling\s*=\s*strict/i.test(request.headers.prefer ?? '')) {
    throw OperationOutcomeError.of('not-supported', `Unknown search parameter: ${unknown.join(', ')}`, unknown[0]);
  }
  const compiled = compileSearch(query);
  const found = await context.store.search({ resourceTypes: [type], ...compiled });
  const entries: BundleEntry[] = found.records.map((record) => ({
    fullUrl: `${context.baseUrl}/${record.resourceType}/${record.id}`,
    ...(record.resource ? { resource: record.resource } : {}),
    search: { mode: 'match' },
  }));
  if (unknown.length > 0) entries.push(ignoredParamsEntry(unknown));
  const used = request.query.filter(([name]) => !unknown.includes(name.split(':')[0] ?? name));
  const bundle: Bundle = {
    resourceType: 'Bundle',
    type: 'searchset',
    ...(found.total !== undefined ? { total: found.total } : {}),
    link: pageLinks(`${context.baseUrl}/${type}`, used, {
      offset: compiled.offset,
      count: compiled.count,
      returned: found.records.length,
      ...(found.total !== undefined ? { total: found.total } : {}),
    }),
    entry: entries,
  };
  return { status: 200, resource: bundle };
};

function ignoredParamsEntry(unknown: string[]): BundleEntry {
  return {
    resource: {
      resourceType: 'OperationOutcome',
      issue: unknown.map((name) => ({
        severity: 'warning',
        code: 'not-supported',
        diagnostics: `Search parameter '${name}' is not known and was ignored`,
        expression: [name],
      })),
    },
    search: { mode: 'outcome' },
  };
}
