import type { SearchParameterRegistry } from '@nexushealth/conformance';
import type { SearchLimits } from './search-limits.js';

/** Reference parameters the server can follow: indexed (an expression) and of type reference. */
function referenceCodes(type: string, registry: SearchParameterRegistry): string[] {
  return registry
    .forResource(type)
    .filter((p) => p.type === 'reference' && p.expression !== undefined)
    .map((p) => p.code);
}

/** `searchInclude` of a type (capabilitystatement.html): `*` and each `Type:parameter`. */
export function searchIncludes(type: string, registry: SearchParameterRegistry): string[] {
  return ['*', ...referenceCodes(type, registry).map((code) => `${type}:${code}`)];
}

/** `searchRevInclude` of a type: every `Other:parameter` whose targets include it. */
export function searchRevIncludes(type: string, types: string[], registry: SearchParameterRegistry): string[] {
  return types.flatMap((other) =>
    referenceCodes(other, registry)
      .filter((code) => registry.get(other, code)?.target?.includes(type) ?? false)
      .map((code) => `${other}:${code}`),
  );
}

/** What R4's CapabilityStatement has no element for, said in `rest.documentation`. */
export function searchDocumentation(limits: SearchLimits): string {
  return [
    'Search (http://hl7.org/fhir/R4/search.html): chained parameters any number of levels deep, typed',
    '(subject:Patient.name) or untyped (searching every target type that defines the parameter); _has,',
    `nested; a chain or _has whose inner search matches more than ${limits.joinMaxMatches} resources is`,
    `too-costly (422). _include/_revinclude with :iterate (and :recurse), Type:*, Type:param:Target and`,
    `_include=* (not _revinclude=*), at most`,
    `${limits.includeMax} included resources per page and :iterate ${limits.includeMaxDepth} levels deep (else too-costly). Paging is stable: the first page`,
    `keeps the ordered matches (up to ${limits.searchSetMax}) for ${limits.searchSetTtlMs / 60_000} minutes,`,
    'links carry it as _searchset, bound to the type(s) and parameters of its search; an expired one,',
    'or one replayed on another type or with other parameters, is 410; past it pages are by offset (said in an',
    'informational issue). _total defaults to accurate; estimate omits the total past the kept matches;',
    'none omits it. _summary: true (the elements the base StructureDefinitions mark isSummary, at every',
    'level, with id and meta), text, data, count and false, on search, read and vread; subsets are tagged',
    'SUBSETTED. System search and Patient/[id]/* take the parameter codes every searched type',
    "defines with the same type (one _type: all that type's own). _list takes List ids (functional lists are not supported).",
    'Compartments: Patient only.',
  ].join(' ');
}
