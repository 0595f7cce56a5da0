import type { SearchParamType } from '@nexushealth/conformance';

/** Prefixes of ordered types (http://hl7.org/fhir/R4/search.html#prefix). */
export type SearchPrefix = 'eq' | 'ne' | 'gt' | 'lt' | 'ge' | 'le' | 'sa' | 'eb' | 'ap';

/** One value of a criterion; the values of one criterion are OR-ed (comma-separated). */
export type SearchValue =
  /** `start` and `contains` hold the normalised value, `exact` the value as given. */
  | { kind: 'string'; match: 'start' | 'exact' | 'contains'; value: string }
  /** system undefined = any system; system '' = no system; code undefined = any code in system. */
  | { kind: 'token'; system?: string; code?: string }
  /** `:text` on a token: normalised starts-with on the display texts. */
  | { kind: 'token-text'; value: string }
  /** `reference` is `Type/id` or an absolute URL; `id` alone matches any target type. */
  | { kind: 'reference'; reference: string }
  | { kind: 'reference-id'; id: string }
  /** Date search range [lo, hi], epoch ms, both inclusive. */
  | { kind: 'date'; prefix: SearchPrefix; lo: number; hi: number }
  /** Number search value and its precision range [lo, hi). */
  | { kind: 'number'; prefix: SearchPrefix; value: number; lo: number; hi: number }
  /**
   * `unit` is a stored unit token, or with `canonical` UCUM base units, the numbers then converted
   * to them too (ucum-canonical.ts).
   */
  | { kind: 'quantity'; prefix: SearchPrefix; value: number; lo: number; hi: number; unit?: string; canonical?: true }
  /** `:in`/`:not-in`/`:above`/`:below` on a token: `system|code` pairs, or any code of `systems`. */
  | { kind: 'token-codes'; codes: string[]; systems: string[] }
  /** `:in` a ValueSet that is not an R4 one: resolved from the store before compiling (stored-value-sets.ts). */
  | { kind: 'token-in'; valueSet: string }
  /** `:of-type` on an Identifier token: `typeSystem|typeCode|value` as given. */
  | { kind: 'token-of-type'; value: string }
  /** `:identifier` on a reference: a token matched against Reference.identifier. */
  | { kind: 'reference-identifier'; system?: string; code?: string }
  /** `exact` by default; `:below`/`:above` at path boundaries, `:contains` anywhere (search.html#uri). */
  | { kind: 'uri'; value: string; match: 'exact' | 'below' | 'above' | 'contains' }
  /**
   * A composite (search.html#composite): `key` is the encoded first component (composite-key.ts),
   * `components` the values of the second and later components, all to match in one entry.
   */
  | { kind: 'composite'; key: string; components: SearchValue[] }
  | { kind: 'missing'; missing: boolean };

/** Where a criterion looks: the record's own `id`/`lastUpdated`, or `idx[code]`. */
export type SearchTarget = 'id' | 'lastUpdated' | 'idx';

/** One parameter occurrence; the criteria of a query are AND-ed (repeated parameters). */
export interface SearchCriterion {
  code: string;
  type: SearchParamType;
  target: SearchTarget;
  /** `:not` — matches resources with no value matching any of `values`, missing ones included. */
  negate: boolean;
  values: SearchValue[];
}

export interface SearchSortKey {
  code: string;
  type: SearchParamType;
  target: SearchTarget;
  direction: 1 | -1;
}

export type TotalMode = 'none' | 'estimate' | 'accurate';

/**
 * A parameter answered by searching another resource type first (search.html#chaining, #has):
 * the inner query is parsed like any search on that type, so it may itself be a chain or `_has`.
 */
export type JoinCriterion =
  /** `subject:Patient.name=x`: `code` must refer to a resource of one of `targets` matching its query. */
  | { kind: 'chain'; name: string; code: string; targets: SearchQuery[] }
  /** `_has:Observation:patient:code=x`: some `query.resourceType` refers here through its `code`. */
  | { kind: 'has'; name: string; code: string; query: SearchQuery }
  /** `_list=a,b` (search.html#list): the resources some List `a` or `b` holds as an item. */
  | { kind: 'list'; name: string; ids: string[] };

/** `_include` / `_revinclude` (search.html#include), validated against the registry. */
export interface IncludeSpec {
  reverse: boolean;
  /** `:iterate` (R4 also accepts `:recurse`): applies to included resources too. */
  iterate: boolean;
  /** The type holding the reference; `*` with `_include=*`. */
  sourceType: string;
  /** The reference parameter; `*` for all of the source type's reference parameters. */
  code: string;
  /** `_include=Observation:subject:Patient`: only references to this type. */
  targetType?: string;
}

/**
 * What part of each matched resource to return (search.html#summary, search.html#elements); at
 * most one of the two is set.
 */
export interface ResultShape {
  /** `_summary=true|text|data`; `false` is the whole resource (no shape). */
  summary?: 'true' | 'text' | 'data';
  /** `_elements`: the top-level element names to keep. */
  elements?: string[];
}

export interface SearchQuery extends ResultShape {
  resourceType: string;
  criteria: SearchCriterion[];
  /** Chains and reverse chains, resolved by the planner into conditions on `criteria`'s filter. */
  joins: JoinCriterion[];
  include: IncludeSpec[];
  sort: SearchSortKey[];
  /** Page size; 0 with `_summary=count`. */
  count: number;
  offset: number;
  total: TotalMode;
  /**
   * The parameters that took effect, as the client wrote them and in order: what the `self` link
   * must show (search.html#conformance: it SHALL reflect what was actually used). Unknown and
   * unsupported ones and empty values are not in it.
   */
  applied: Array<[string, string]>;
  /**
   * Parameter names this server does not know or does not support (chains, `_has`, `_include`,
   * composite, special…), for `Prefer: handling` (http://hl7.org/fhir/R4/search.html#errors).
   */
  unknownParams: string[];
  /** Adjustments made to the request, e.g. a clamped `_count`, to report as warnings. */
  warnings: string[];
}
