import r4 from 'fhirpath/fhir-context/r4';
import type { InvariantContext } from './invariant-context.js';
import { bdl3, bdl4, bdl7 } from './native-bundle.js';
import { dom3Holds } from './native-dom3.js';

/** true: the constraint holds; false: it is violated; undefined: ask the FHIRPath engine. */
export type Verdict = boolean | undefined;
export type NativeCheck = (node: unknown, at: InvariantContext) => Verdict;

type JsonObject = Readonly<Record<string, unknown>>;

const isObject = (value: unknown): value is JsonObject =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

/** A JSON property value that gives FHIRPath at least one node (not null, not an empty array). */
function present(value: unknown): boolean {
  if (value === null || value === undefined) return false;
  return Array.isArray(value) ? value.some((item) => item !== null && item !== undefined) : true;
}

const listOf = (value: unknown): readonly unknown[] => (Array.isArray(value) ? value : []);

/**
 * ele-1 `hasValue() or (children().count() > id.count())`: a primitive value has a value; an
 * object holds when it has a child other than `id` (a `_name`-only primitive counts, as
 * fhirpath.js's children() counts it). Objects with nothing but `id` go to FHIRPath.
 */
const ele1: NativeCheck = (node) => {
  if (typeof node === 'string' || typeof node === 'number' || typeof node === 'boolean') return true;
  if (!isObject(node)) return undefined;
  for (const key in node) {
    if (key !== 'id' && key !== '_id' && key !== 'resourceType' && present(node[key])) return true;
  }
  return undefined;
};

const EXTENSION_VALUE_TYPES = new Set(r4.choiceTypePaths['Extension.value'] ?? []);

/** `value[x]` of an Extension: `value` + one of the R4 type suffixes, or its `_value…` twin. */
function hasExtensionValue(node: JsonObject): boolean {
  for (const key in node) {
    const name = key.startsWith('_') ? key.slice(1) : key;
    if (name.startsWith('value') && EXTENSION_VALUE_TYPES.has(name.slice(5)) && present(node[key])) return true;
  }
  return false;
}

/** ext-1 `extension.exists() != value.exists()`. */
const ext1: NativeCheck = (node) => (isObject(node) ? present(node.extension) !== hasExtensionValue(node) : undefined);

/** No contained resources: every `contained.…` rule (dom-2..dom-5) holds. */
const contained = (node: unknown): readonly unknown[] => (isObject(node) ? listOf(node.contained) : []);

const metaOf = (resource: unknown): JsonObject => {
  const meta = isObject(resource) ? resource.meta : undefined;
  return isObject(meta) ? meta : {};
};

/** dom-2 `contained.contained.empty()`. */
const dom2: NativeCheck = (node) => contained(node).every((c) => !isObject(c) || !present(c.contained));

/** dom-4 `contained.meta.versionId.empty() and contained.meta.lastUpdated.empty()`. */
const dom4: NativeCheck = (node) =>
  contained(node).every((c) => {
    const meta = metaOf(c);
    return ![meta.versionId, meta._versionId, meta.lastUpdated, meta._lastUpdated].some(present);
  });

/** dom-5 `contained.meta.security.empty()`. */
const dom5: NativeCheck = (node) => contained(node).every((c) => !present(metaOf(c).security));

/** dom-3 in its two wordings (native-dom3.ts); without contained resources it holds. */
const dom3 =
  (idRequired: boolean): NativeCheck =>
  (node) =>
    contained(node).length === 0 || (isObject(node) && dom3Holds(node, idRequired, idRequired));

/** dom-6 `text.\`div\`.exists()`. */
const dom6: NativeCheck = (node) => {
  if (!isObject(node)) return undefined;
  const text = node.text;
  return isObject(text) && (present(text.div) || present(text._div));
};

/**
 * ref-1: a reference that does not start with `#` makes `reference.startsWith('#').not()` true;
 * without `reference` the whole expression is empty (met). `#…` references go to FHIRPath.
 */
const ref1: NativeCheck = (node) => {
  if (!isObject(node)) return undefined;
  const reference = node.reference;
  if (reference === undefined) return node._reference === undefined ? true : undefined;
  return typeof reference === 'string' && !reference.startsWith('#') ? true : undefined;
};

const DATE = /^\d{4}(-\d{2}(-\d{2})?)?$/;
const DATE_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$/;

/** The zone of a dateTime, '' for a date; undefined for any other shape. */
function zoneOf(value: string): string | undefined {
  if (DATE.test(value)) return '';
  return DATE_TIME.test(value) ? value.slice(value.endsWith('Z') ? -1 : -6) : undefined;
}

/**
 * per-1 `start.hasValue().not() or end.hasValue().not() or (start <= end)`: decided natively when
 * a bound is missing, or when both have the same precision and zone (then the strings order as
 * the instants do); other pairs (mixed precision: FHIRPath may answer empty) go to FHIRPath.
 */
const per1: NativeCheck = (node) => {
  if (!isObject(node)) return undefined;
  const { start, end } = node;
  if (start === undefined || end === undefined) return true;
  if (typeof start !== 'string' || typeof end !== 'string' || start.length !== end.length) return undefined;
  const zone = zoneOf(start);
  return zone !== undefined && zone === zoneOf(end) ? start <= end : undefined;
};

/** dom-3 as R4 ships it, and as later R4 technical corrections (and US Core snapshots) word it. */
export const DOM_3 = [
  "contained.where((('#'+id in (%resource.descendants().reference | %resource.descendants().as(canonical) | %resource.descendants().as(uri) | %resource.descendants().as(url))) or descendants().where(reference = '#').exists() or descendants().where(as(canonical) = '#').exists() or descendants().where(as(canonical) = '#').exists()).not()).trace('unmatched', id).empty()",
  "contained.where(((id.exists() and ('#'+id in (%resource.descendants().reference | %resource.descendants().as(canonical) | %resource.descendants().as(uri) | %resource.descendants().as(url)))) or descendants().where(reference = '#').exists() or descendants().where(as(canonical) = '#').exists() or descendants().where(as(uri) = '#').exists()).not()).trace('unmatched', id).empty()",
];

/**
 * Native evaluations of the constraints on (nearly) every node, by exact expression: a profile
 * that reuses a key with another expression is evaluated by FHIRPath. Each is proved equal to
 * fhirpath.js on the official examples (native-constraints.test.ts).
 */
const NATIVE: ReadonlyMap<string, NativeCheck> = new Map<string, NativeCheck>([
  ['hasValue() or (children().count() > id.count())', ele1],
  ['hasValue() or (children().count() > id.count()) or $this is Parameters', ele1],
  ['extension.exists() != value.exists()', ext1],
  ['contained.contained.empty()', dom2],
  ...DOM_3.map((expression, i): [string, NativeCheck] => [expression, dom3(i === 1)]),
  ['contained.meta.versionId.empty() and contained.meta.lastUpdated.empty()', dom4],
  ['contained.meta.security.empty()', dom5],
  ['text.`div`.exists()', dom6],
  ['start.hasValue().not() or end.hasValue().not() or (start <= end)', per1],
  [
    "entry.all(request.exists() = (%resource.type = 'batch' or %resource.type = 'transaction' or %resource.type = 'history'))",
    bdl3,
  ],
  [
    "entry.all(response.exists() = (%resource.type = 'batch-response' or %resource.type = 'transaction-response' or %resource.type = 'history'))",
    bdl4,
  ],
  ["(type = 'history') or entry.where(fullUrl.exists()).select(fullUrl&resource.meta.versionId).isDistinct()", bdl7],
  [
    "reference.startsWith('#').not() or (reference.substring(1).trace('url') in %rootResource.contained.id.trace('ids'))",
    ref1,
  ],
]);

export function nativeCheck(expression: string): NativeCheck | undefined {
  return NATIVE.get(expression);
}
