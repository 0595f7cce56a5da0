import { OperationOutcomeError } from '../../errors/outcome-error.js';
import { elementTable, type ElementType, type NamedElement, type TypeLayout } from '../../definitions/element-table.js';
import { narrativeMarkup } from './narrative-div.js';
import { escapeAttribute, NOT_XML_CHARACTER, primitiveText } from './primitive-text.js';
import { XmlOut } from './xml-out.js';

export const FHIR_NS = 'http://hl7.org/fhir';

type JsonObject = Record<string, unknown>;

/**
 * A FHIR JSON resource as FHIR XML (xml.html): elements in the StructureDefinition order,
 * primitives as `value` attributes with their `id`/extensions from the `_name` twin
 * (json.html#primitive), `value[x]` as `valueQuantity` etc., Element.id and Extension.url as
 * attributes, nested resources wrapped in an element named after their type, the narrative
 * as XHTML markup. Anything XML cannot carry is a 406, never silently dropped.
 */
export function jsonToXml(resource: unknown, indent = false): string {
  const out = new XmlOut(indent);
  writeResource(out, resource, '', true);
  return `<?xml version="1.0" encoding="UTF-8"?>${indent ? '\n' : ''}${out.text()}`;
}

function writeResource(out: XmlOut, resource: unknown, path: string, root: boolean): void {
  const type = isObject(resource) ? resource.resourceType : undefined;
  const layout = typeof type === 'string' && elementTable().isResourceType(type) ? layoutOf(type) : undefined;
  if (!isObject(resource) || typeof type !== 'string' || !layout) throw unrepresentable(path || 'resourceType');
  const mark = out.open(type, root ? [['xmlns', FHIR_NS]] : []);
  writeChildren(out, layout, resource, path || type, 'resourceType');
  out.close(type, mark);
}

/**
 * The properties present, put in the element order: looked up by name and sorted, which is
 * cheaper than probing every name a type allows (Observation alone has dozens of value[x] names).
 */
function writeChildren(out: XmlOut, layout: TypeLayout, object: JsonObject, path: string, skip: string): void {
  const present = new Map<string, NamedElement>();
  for (const key of Object.keys(object)) {
    if (key === skip) continue;
    const name = key.startsWith('_') ? key.slice(1) : key;
    const named = layout.byName.get(name);
    if (!named) throw unrepresentable(`${path}.${key}`);
    present.set(name, named);
  }
  const ordered = [...present].sort(([, a], [, b]) => a.index - b.index);
  for (const [name, { element, type }] of ordered) {
    if (!element.attribute) writeElement(out, name, type, object[name], object[`_${name}`], `${path}.${name}`);
  }
}

function writeElement(out: XmlOut, name: string, type: ElementType, value: unknown, twin: unknown, path: string) {
  const values = listOf(value);
  if (type.kind === 'primitive') {
    const twins = listOf(twin);
    const count = Math.max(values.length, twins.length);
    for (let i = 0; i < count; i++) writePrimitive(out, name, values[i], twins[i], indexed(path, i, count));
    return;
  }
  if (twin !== undefined) throw unrepresentable(`${path.replace(/[^.]*$/, '')}_${name}`);
  values.forEach((item, i) => {
    const itemPath = indexed(path, i, values.length);
    if (type.kind === 'xhtml') return out.raw(narrativeMarkup(item, itemPath));
    if (type.kind === 'resource') {
      const mark = out.open(name);
      writeResource(out, item, itemPath, false);
      return out.close(name, mark);
    }
    writeComplex(out, name, layoutOf(type.layout), item, itemPath);
  });
}

function writePrimitive(out: XmlOut, name: string, value: unknown, twin: unknown, path: string): void {
  if ((value === null || value === undefined) && (twin === null || twin === undefined)) return;
  const attributes: Array<[string, string]> = [];
  const extensions = twin === null || twin === undefined ? {} : twin;
  if (!isObject(extensions)) throw unrepresentable(path);
  if (extensions.id !== undefined) attributes.push(['id', attributeText(extensions.id, `${path}.id`)]);
  if (value !== null && value !== undefined) attributes.push(['value', attributeText(value, path)]);
  const mark = out.open(name, attributes);
  writeChildren(out, layoutOf('Element'), extensions, path, 'id');
  out.close(name, mark);
}

function writeComplex(out: XmlOut, name: string, layout: TypeLayout, value: unknown, path: string): void {
  if (!isObject(value)) throw unrepresentable(path);
  const attributes: Array<[string, string]> = [];
  for (const element of layout.elements) {
    if (element.attribute && value[element.name] !== undefined) {
      attributes.push([element.name, attributeText(value[element.name], `${path}.${element.name}`)]);
    }
  }
  const mark = out.open(name, attributes);
  writeChildren(out, layout, value, path, '');
  out.close(name, mark);
}

function attributeText(value: unknown, path: string): string {
  const text = primitiveText(value);
  if (text === undefined || NOT_XML_CHARACTER.test(text)) throw unrepresentable(path);
  return escapeAttribute(text);
}

function layoutOf(key: string): TypeLayout {
  const layout = elementTable().layoutOf(key);
  if (!layout) throw new Error(`no element layout for ${key}`);
  return layout;
}

function listOf(value: unknown): unknown[] {
  if (value === undefined) return [];
  return Array.isArray(value) ? value : [value];
}

function indexed(path: string, index: number, count: number): string {
  return count > 1 ? `${path}[${index}]` : path;
}

function isObject(value: unknown): value is JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function unrepresentable(path: string): OperationOutcomeError {
  return OperationOutcomeError.of(
    'not-supported',
    'This content cannot be represented in FHIR XML; ask for JSON',
    path,
    406,
  );
}
