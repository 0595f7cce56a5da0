import { elementTable, type ElementTable, type NamedElement } from '../definitions/element-table.js';

type JsonObject = Record<string, unknown>;

/**
 * The elements of a resource that `_summary=true` returns (http://hl7.org/fhir/R4/search.html#summary):
 * those marked `isSummary` in the base StructureDefinitions, at every level. A kept element of a
 * data type or a backbone element keeps only its own summary children (ElementDefinition.isSummary:
 * "serializers only include elements marked as isSummary = true"; the data types mark all but
 * `id`, `extension` and Attachment.data), a nested resource (Bundle.entry.resource) is summarised
 * as its own type. Primitive extensions (`_name`) go with `Element.extension`, which is not in the
 * summary. Returns a new object; the resource is not changed.
 */
export function summaryElements(resource: JsonObject): JsonObject {
  return summarizeResource(resource, elementTable());
}

function summarizeResource(resource: JsonObject, table: ElementTable): JsonObject {
  const type = resource['resourceType'];
  const summary = typeof type === 'string' ? summarizeObject(resource, type, table) : {};
  return { resourceType: type, ...summary };
}

function summarizeObject(value: JsonObject, layoutKey: string, table: ElementTable): JsonObject {
  const layout = table.layoutOf(layoutKey);
  // A type the definitions do not lay out has no flags to go by: kept whole rather than emptied.
  if (layout === undefined) return value;
  const kept: Array<[string, unknown]> = [];
  for (const [key, child] of Object.entries(value)) {
    const named = layout.byName.get(key);
    if (named?.element.summary !== true) continue;
    const summary = Array.isArray(child)
      ? child.flatMap((item) => presentOrNone(summarizeValue(item, named, table)))
      : summarizeValue(child, named, table);
    if (summary !== undefined && !(Array.isArray(summary) && summary.length === 0)) kept.push([key, summary]);
  }
  return Object.fromEntries(kept);
}

function summarizeValue(value: unknown, named: NamedElement, table: ElementTable): unknown {
  // A `null` stands in a primitive array for an entry that only had an extension (json.html#primitive).
  if (value === null || typeof value !== 'object') return value ?? undefined;
  const { kind, layout } = named.type;
  if (kind === 'resource') return summarizeResource(value as JsonObject, table);
  if (kind !== 'complex') return value;
  const summary = summarizeObject(value as JsonObject, layout, table);
  return Object.keys(summary).length === 0 ? undefined : summary;
}

function presentOrNone(value: unknown): unknown[] {
  return value === undefined ? [] : [value];
}
