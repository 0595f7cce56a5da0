import type { Bundle, BundleEntry, OperationOutcomeIssue } from '@medplum/fhirtypes';
import { OperationOutcomeError } from '../errors/outcome-error.js';
import { includeRecords } from '../search/include-records.js';
import type { SearchQuery } from '../search/search-query.js';
import { searchPage, type SearchScope } from '../search/search-page.js';
import { subsetResource } from '../search/subset-resource.js';
import type { ResourceRecord } from '../store/port.js';
import { pageLinks, SEARCH_SET_PARAM } from './bundle-links.js';
import type { EngineContext } from './engine-context.js';
import type { FhirRequest, FhirResult } from './fhir-request.js';
import { joinContextOf } from './join-context.js';

/** A parsed search and where it runs: what the type, compartment and system searches share. */
export interface SearchRun {
  query: SearchQuery;
  scope: SearchScope;
  /** The URL the links page on, e.g. `[base]/Patient` or `[base]/Patient/1/Observation`. */
  linkBase: string;
  /** Parameters unknown on every type searched, for `Prefer: handling`. */
  unknown: string[];
  /** Which included resources the page keeps (default: all). */
  keepIncluded?: (record: ResourceRecord) => boolean;
}

/**
 * The searchset Bundle of one page (http://hl7.org/fhir/R4/search.html): the page's matches,
 * what `_include`/`_revinclude` add to them (search.mode `include`), and an `outcome` entry
 * for ignored parameters and adjustments. Unknown parameters follow `Prefer: handling`
 * (search.html#errors): lenient (the default) ignores them and says so; strict is a 400.
 */
export async function searchBundle(request: FhirRequest, context: EngineContext, run: SearchRun): Promise<FhirResult> {
  const { query, unknown } = run;
  if (unknown.length > 0 && /handling\s*=\s*strict/i.test(request.headers.prefer ?? '')) {
    throw OperationOutcomeError.of(
      'not-supported',
      `Unknown or unsupported search parameter: ${unknown.join(', ')}`,
      unknown[0],
    );
  }
  const searchSet = request.query.find(([name]) => name === SEARCH_SET_PARAM)?.[1];
  const joinContext = joinContextOf(context);
  const page = await searchPage(query, run.scope, joinContext, searchSet);
  const included = (
    await includeRecords(page.records, query.include, { ...joinContext, registry: context.registry })
  ).filter((record) => run.keepIncluded?.(record) ?? true);
  const entries: BundleEntry[] = [
    ...page.records.map((record) => entryOf(record, query, 'match', context.baseUrl)),
    ...included.map((record) => entryOf(record, query, 'include', context.baseUrl)),
  ];
  const outcome = outcomeEntry(unknown, [...query.warnings, ...page.warnings]);
  if (outcome) entries.push(outcome);
  const bundle: Bundle = {
    resourceType: 'Bundle',
    type: 'searchset',
    ...(page.total !== undefined ? { total: page.total } : {}),
    link: pageLinks(run.linkBase, query.applied, {
      offset: query.offset,
      count: query.count,
      returned: page.records.length,
      more: page.more,
      ...(page.searchSet !== undefined ? { searchSet: page.searchSet } : {}),
    }),
    entry: entries,
  };
  return { status: 200, resource: bundle };
}

function entryOf(record: ResourceRecord, query: SearchQuery, mode: 'match' | 'include', baseUrl: string): BundleEntry {
  return {
    fullUrl: `${baseUrl}/${record.resourceType}/${record.id}`,
    ...(record.resource ? { resource: subsetResource(record.resource, query) } : {}),
    search: { mode },
  };
}

/** The search.mode `outcome` entry (search.html#errors): ignored parameters and adjustments. */
function outcomeEntry(unknown: string[], warnings: string[]): BundleEntry | undefined {
  const issues: OperationOutcomeIssue[] = [
    ...unknown.map((name): OperationOutcomeIssue => ({
      severity: 'warning',
      code: 'not-supported',
      diagnostics: `Search parameter '${name}' is not known or not supported and was ignored`,
      expression: [name],
    })),
    ...warnings.map((diagnostics): OperationOutcomeIssue => ({
      severity: 'information',
      code: 'informational',
      diagnostics,
    })),
  ];
  if (issues.length === 0) return undefined;
  return { resource: { resourceType: 'OperationOutcome', issue: issues }, search: { mode: 'outcome' } };
}
