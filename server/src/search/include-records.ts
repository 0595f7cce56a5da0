import { referenceTarget, type SearchParameterRegistry } from '@nexushealth/conformance';
import { OperationOutcomeError } from '../errors/outcome-error.js';
import type { ResourceRecord, ResourceStore } from '../store/port.js';
import { includeCodes } from './parse-include.js';
import { readKeys } from './read-keys.js';
import type { IncludeSpec } from './search-query.js';
import type { SearchLimits } from './search-limits.js';

export interface IncludeContext {
  store: ResourceStore;
  registry: SearchParameterRegistry;
  limits: SearchLimits;
}

const keyOf = (r: ResourceRecord): string => `${r.resourceType}/${r.id}`;

/**
 * The resources `_include` and `_revinclude` add to a page (http://hl7.org/fhir/R4/search.html#include):
 * the first round follows every spec from the page's matches, later rounds follow the `:iterate`
 * ones from what the previous round added, until nothing new comes. Each resource appears once
 * (matches are never repeated as includes). More than `limits.includeMax`, or `:iterate` past
 * `limits.includeMaxDepth` rounds, is refused as too costly: a page with silently missing includes would be wrong, a smaller `_count` is not.
 */
export async function includeRecords(
  matches: ResourceRecord[],
  specs: IncludeSpec[],
  context: IncludeContext,
): Promise<ResourceRecord[]> {
  const seen = new Set(matches.map(keyOf));
  const included: ResourceRecord[] = [];
  let frontier = matches;
  for (let round = 0; frontier.length > 0; round++) {
    const active = specs.filter((spec) => round === 0 || spec.iterate);
    if (active.length === 0) break;
    const found = await Promise.all(
      active.map((spec) => (spec.reverse ? referring(frontier, spec, context) : referenced(frontier, spec, context))),
    );
    frontier = found.flat().filter((record) => !seen.has(keyOf(record)) && seen.add(keyOf(record)));
    // Each round is one store query per spec: a reference chain as long as includeMax would
    // otherwise cost that many sequential queries (full scans on FerretDB).
    if (frontier.length > 0 && round > context.limits.includeMaxDepth)
      throw OperationOutcomeError.of(
        'too-costly',
        `:iterate would follow references more than ${context.limits.includeMaxDepth} levels deep`,
        '_include',
      );
    included.push(...frontier);
    if (included.length > context.limits.includeMax) throw tooCostly(context.limits);
  }
  return included;
}

/** `_include`: the resources the frontier refers to through the spec's parameters. */
async function referenced(
  frontier: ResourceRecord[],
  spec: IncludeSpec,
  context: IncludeContext,
): Promise<ResourceRecord[]> {
  const keys = new Set<string>();
  for (const record of frontier) {
    for (const code of includeCodes(spec, record.resourceType, context.registry)) {
      for (const value of asArray(record.idx[code])) {
        const target = typeof value === 'string' ? referenceTarget(value) : undefined;
        if (target && target.base === undefined && (spec.targetType ?? target.resourceType) === target.resourceType) {
          keys.add(`${target.resourceType}/${target.id}`);
        }
      }
    }
  }
  if (keys.size > context.limits.includeMax) throw tooCostly(context.limits);
  return readKeys(context.store, [...keys]);
}

/** `_revinclude`: the resources of the spec's source type that refer to the frontier. */
async function referring(
  frontier: ResourceRecord[],
  spec: IncludeSpec,
  context: IncludeContext,
): Promise<ResourceRecord[]> {
  const targets = frontier.filter((r) => spec.targetType === undefined || r.resourceType === spec.targetType);
  const codes = includeCodes(spec, spec.sourceType, context.registry);
  if (targets.length === 0 || codes.length === 0) return [];
  const refs = targets.map(keyOf);
  const { records } = await context.store.search({
    resourceTypes: [spec.sourceType],
    filter:
      codes.length === 1
        ? { [`idx.${codes[0]}`]: { $in: refs } }
        : { $or: codes.map((c) => ({ [`idx.${c}`]: { $in: refs } })) },
    sort: [['id', 1]],
    offset: 0,
    count: context.limits.includeMax + 1,
    total: false,
  });
  if (records.length > context.limits.includeMax) throw tooCostly(context.limits);
  return records;
}

function asArray(value: unknown): unknown[] {
  return Array.isArray(value) ? value : [];
}

function tooCostly(limits: SearchLimits): OperationOutcomeError {
  return OperationOutcomeError.of(
    'too-costly',
    `_include/_revinclude would add more than ${limits.includeMax} resources to the page; ask for a smaller _count`,
    '_include',
  );
}
