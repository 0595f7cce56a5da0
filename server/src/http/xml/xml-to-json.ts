import { SaxesParser, type SaxesTagNS } from 'saxes';
import { OperationOutcomeError } from '../../errors/outcome-error.js';
import { elementTable, type ElementInfo, type ElementType, type TypeLayout } from '../../definitions/element-table.js';
import { FHIR_NS } from './json-to-xml.js';
import { JsonAssembly, type JsonObject } from './json-assembly.js';
import { XHTML_NS } from './narrative-div.js';
import { jsonPrimitive } from './primitive-text.js';

const XSI_NS = 'http://www.w3.org/2001/XMLSchema-instance';
const XMLNS_NS = 'http://www.w3.org/2000/xmlns/';

/** What the element being read is, and where its JSON value goes once it is closed. */
type Frame =
  | { kind: 'object'; path: string; layout: TypeLayout; json: JsonAssembly; deliver: (value: JsonObject) => void }
  | { kind: 'wrapper'; path: string; resource?: JsonObject; deliver: (value: JsonObject) => void }
  | { kind: 'xhtml'; start: number; depth: number; deliver: (markup: string) => void };

/**
 * FHIR XML (xml.html) → FHIR JSON (json.html), the inverse of `jsonToXml`.
 *
 * The XML parser is saxes: strict XML 1.0 + namespaces (well-formedness errors are errors, not
 * guesses), streaming, no dependencies but its character tables, and it never reads a DTD: it has
 * no external-entity resolution at all and does not expand entities declared in an internal
 * subset, so XXE and "billion laughs" cannot happen; a DOCTYPE is refused outright anyway.
 * (fast-xml-parser was the alternative: lenient by default, it has entity expansion to switch off
 * and has had expansion CVEs; sax, the older one, is not namespace-aware in strict mode alone.)
 * The narrative div is copied from the source text as it was written (its exact markup).
 */
export function xmlToJson(text: string, maxDepth: number): JsonObject {
  const reader = fhirXmlReader(text, maxDepth);
  reader.parser.write(text).close();
  return reader.result();
}

/** Bodies are fed in slices of this many characters (see readFhirXml). */
const SLICE = 256 * 1024;

/**
 * `xmlToJson` for request bodies: fed in slices with a turn of the event loop between them, so
 * that a large body (saxes reads a few MB/s) does not stall every other request while it is read.
 */
export async function readFhirXml(text: string, maxDepth: number): Promise<JsonObject> {
  const reader = fhirXmlReader(text, maxDepth);
  for (let at = 0; at < text.length; at += SLICE) {
    reader.parser.write(text.slice(at, at + SLICE));
    if (at + SLICE < text.length) await new Promise((resolve) => setImmediate(resolve));
  }
  reader.parser.close();
  return reader.result();
}

/** A saxes parser whose events build the JSON of `text` (positions index into it for the div). */
function fhirXmlReader(text: string, maxDepth: number): { parser: SaxesParser; result: () => JsonObject } {
  const parser = new SaxesParser({ xmlns: true, defaultXMLVersion: '1.0' });
  const stack: Frame[] = [];
  let result: JsonObject | undefined;
  parser.on('error', (error) => {
    throw OperationOutcomeError.of('structure', `The body is not well-formed XML: ${error.message}`);
  });
  parser.on('doctype', () => {
    throw OperationOutcomeError.of('structure', 'A DOCTYPE (DTD or entity declaration) is not allowed in FHIR XML');
  });
  parser.on('xmldecl', (declaration) => {
    if (declaration.encoding !== undefined && !/^utf-?8$/i.test(declaration.encoding))
      throw OperationOutcomeError.of('not-supported', 'Send XML bodies in UTF-8', undefined, 415);
  });
  const noText = (content: string) => {
    const top = stack[stack.length - 1];
    if (top?.kind !== 'xhtml' && content.trim() !== '')
      throw OperationOutcomeError.of('structure', 'Text is not allowed here in FHIR XML', pathOf(top));
  };
  parser.on('text', noText);
  parser.on('cdata', noText);
  parser.on('opentag', (tag) => {
    if (stack.length >= maxDepth)
      throw OperationOutcomeError.of('structure', `The body nests deeper than ${maxDepth} levels`);
    const top = stack[stack.length - 1];
    if (top?.kind === 'xhtml') {
      top.depth += 1;
      return;
    }
    if (top === undefined) {
      stack.push(resourceFrame(tag, '', (value) => (result = value)));
      return;
    }
    stack.push(top.kind === 'wrapper' ? wrappedResource(top, tag) : childFrame(top, tag, text, parser.position));
  });
  parser.on('closetag', () => {
    const top = stack[stack.length - 1];
    if (top?.kind === 'xhtml' && top.depth > 0) {
      top.depth -= 1;
      return;
    }
    stack.pop();
    if (top?.kind === 'xhtml') top.deliver(text.slice(top.start, parser.position));
    else if (top?.kind === 'object') top.deliver(top.json.finish());
    else if (top?.resource) top.deliver(top.resource);
    else if (top) throw OperationOutcomeError.of('structure', 'A resource is expected inside this element', top.path);
  });
  return {
    parser,
    result: () => {
      if (!result) throw OperationOutcomeError.of('structure', 'The body holds no FHIR resource');
      return result;
    },
  };
}

function resourceFrame(tag: SaxesTagNS, path: string, deliver: (value: JsonObject) => void): Frame {
  const table = elementTable();
  if (tag.uri !== FHIR_NS || !table.isResourceType(tag.local)) {
    const why = tag.uri !== FHIR_NS ? `in the namespace ${FHIR_NS}` : 'named after a resource type';
    throw OperationOutcomeError.of(
      'structure',
      `Expected a FHIR resource element ${why}, got <${tag.name}>`,
      path || undefined,
    );
  }
  checkAttributes(tag, [], path || tag.local);
  const layout = table.layoutOf(tag.local) as TypeLayout;
  const json = new JsonAssembly({ resourceType: tag.local });
  return { kind: 'object', path: path || tag.local, layout, json, deliver };
}

function wrappedResource(wrapper: Extract<Frame, { kind: 'wrapper' }>, tag: SaxesTagNS): Frame {
  if (wrapper.resource)
    throw OperationOutcomeError.of('structure', 'Only one resource may be inside this element', wrapper.path);
  return resourceFrame(tag, wrapper.path, (value) => (wrapper.resource = value));
}

function childFrame(parent: Extract<Frame, { kind: 'object' }>, tag: SaxesTagNS, text: string, at: number): Frame {
  const path = `${parent.path}.${tag.local}`;
  const found = parent.layout.byName.get(tag.local);
  // The narrative div is the one element outside the FHIR namespace (checked in xhtmlFrame).
  if (!found || found.element.attribute || (tag.uri !== FHIR_NS && found.type.kind !== 'xhtml'))
    throw OperationOutcomeError.of('structure', `Unknown element <${tag.name}>`, path);
  const { element, type } = found;
  parent.json.claim(found, parent.layout, path);
  const name = tag.local;
  if (type.kind === 'xhtml')
    return xhtmlFrame(tag, path, text.lastIndexOf('<', at - 1), (markup) => parent.json.put(element, name, markup));
  if (type.kind === 'resource')
    return { kind: 'wrapper', path, deliver: (value) => parent.json.put(element, name, value) };
  if (type.kind === 'primitive') return primitiveFrame(tag, element, type, parent, path);
  const layout = elementTable().layoutOf(type.layout) as TypeLayout;
  const json = new JsonAssembly(attributeValues(tag, layout, path));
  return { kind: 'object', path, layout, json, deliver: (value) => parent.json.put(element, name, value) };
}

function xhtmlFrame(tag: SaxesTagNS, path: string, start: number, deliver: (markup: string) => void): Frame {
  // The markup is copied as written, so it must declare its own namespace (json.html#xhtml).
  if (tag.local !== 'div' || tag.uri !== XHTML_NS || tag.prefix !== '' || tag.attributes.xmlns === undefined)
    throw OperationOutcomeError.of('structure', `The narrative must be <div xmlns="${XHTML_NS}">`, path);
  return { kind: 'xhtml', start, depth: 0, deliver };
}

function primitiveFrame(
  tag: SaxesTagNS,
  element: ElementInfo,
  type: ElementType,
  parent: Extract<Frame, { kind: 'object' }>,
  path: string,
): Frame {
  checkAttributes(tag, ['id', 'value'], path);
  const text = tag.attributes.value?.value;
  let value: string | number | boolean | undefined;
  if (text !== undefined) {
    const parsed = text === '' ? { error: 'an empty value attribute is not allowed' } : jsonPrimitive(type.code, text);
    if ('error' in parsed) throw OperationOutcomeError.of('value', `Invalid value: ${parsed.error}`, path);
    value = parsed.value;
  }
  const id = tag.attributes.id?.value;
  const json = new JsonAssembly(id === undefined ? {} : { id });
  const deliver = (twin: JsonObject) => {
    if (value === undefined && Object.keys(twin).length === 0)
      throw OperationOutcomeError.of('structure', 'A primitive element needs a value or an extension', path);
    parent.json.putPrimitive(element, tag.local, value, twin);
  };
  return { kind: 'object', path, layout: elementTable().layoutOf('Element') as TypeLayout, json, deliver };
}

/** The attribute elements of a complex type (Element.id, Extension.url) as JSON properties. */
function attributeValues(tag: SaxesTagNS, layout: TypeLayout, path: string): JsonObject {
  const names = layout.elements.filter((element) => element.attribute).map((element) => element.name);
  checkAttributes(tag, names, path);
  const values: JsonObject = {};
  for (const name of names) if (tag.attributes[name]) values[name] = tag.attributes[name].value;
  return values;
}

function checkAttributes(tag: SaxesTagNS, allowed: readonly string[], path: string): void {
  for (const attribute of Object.values(tag.attributes)) {
    // Namespace declarations and xsi:schemaLocation (the official examples carry it) are not content.
    if (attribute.uri === XMLNS_NS || attribute.uri === XSI_NS) continue;
    if (attribute.uri !== '' || !allowed.includes(attribute.local))
      throw OperationOutcomeError.of('structure', `Unknown attribute ${attribute.name}`, `${path}.@${attribute.name}`);
  }
}

function pathOf(frame: Frame | undefined): string | undefined {
  return frame && 'path' in frame ? frame.path : undefined;
}
