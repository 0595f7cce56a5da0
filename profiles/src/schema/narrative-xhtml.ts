import { SaxesParser } from 'saxes';
import { XHTML_ENTITIES } from './xhtml-entities.js';
import { NamespaceScope, type ResolvedName } from './xml-namespace-scope.js';

const XHTML_NS = 'http://www.w3.org/1999/xhtml';

/**
 * txt-1 (https://hl7.org/fhir/R4/narrative.html#xhtml): only the basic formatting elements of
 * HTML 4.0 chapters 7-11 (without 9.4, ins/del) and 15, `<a>`, images and image maps. Everything
 * else (script, style, form, iframe, object, embed, base, link, head, body, ...) is refused.
 */
const ELEMENTS: ReadonlySet<string> = new Set([
  ...['div', 'span', 'p', 'br', 'hr', 'pre', 'address', 'bdo', 'blockquote', 'q'],
  ...['h1', 'h2', 'h3', 'h4', 'h5', 'h6'],
  ...['em', 'strong', 'dfn', 'code', 'samp', 'kbd', 'var', 'cite', 'abbr', 'acronym', 'sub', 'sup'],
  ...['b', 'i', 'tt', 'big', 'small'],
  ...['ul', 'ol', 'li', 'dl', 'dt', 'dd'],
  ...['table', 'caption', 'colgroup', 'col', 'thead', 'tfoot', 'tbody', 'tr', 'th', 'td'],
  ...['a', 'img', 'map', 'area'],
]);

/** HTML 4.0's core, i18n and table attributes, on any element; `style` is the internal stylesheet txt-1 allows. */
const COMMON_ATTRIBUTES: ReadonlySet<string> = new Set([
  ...['id', 'class', 'style', 'title', 'lang', 'xml:lang', 'dir', 'accesskey', 'tabindex'],
  ...['span', 'width', 'align', 'valign', 'char', 'charoff', 'abbr', 'axis', 'headers', 'scope', 'rowspan', 'colspan'],
]);

/** Attributes that belong to one element (`element.attribute`). */
const ELEMENT_ATTRIBUTES: ReadonlySet<string> = new Set([
  ...['a.href', 'a.name', 'a.charset', 'a.type', 'a.hreflang', 'a.rel', 'a.rev', 'a.shape', 'a.coords'],
  ...['img.src', 'img.alt', 'img.longdesc', 'img.height', 'img.width', 'img.usemap', 'img.ismap', 'img.border'],
  ...['map.name', 'area.shape', 'area.coords', 'area.href', 'area.nohref', 'area.alt'],
  ...['table.summary', 'table.width', 'table.border', 'table.frame', 'table.rules'],
  ...['table.cellspacing', 'table.cellpadding', 'td.nowrap', 'blockquote.cite', 'q.cite'],
]);

/**
 * Attributes holding a URL: only http(s), mailto (four official R4 examples link an e-mail
 * address), relative and fragment URLs; never `javascript:` or `vbscript:`. `data:` only on
 * `<img src>` and only a raster image (txt-1 allows images; US Core's Questionnaires embed PNGs):
 * an image decodes to pixels, never script; `image/svg+xml` can carry script, so it stays refused.
 */
const URL_ATTRIBUTES: ReadonlySet<string> = new Set(['href', 'src', 'cite', 'longdesc', 'usemap']);
const URL_SCHEME = /^([A-Za-z][A-Za-z0-9+.-]*):/;
const SAFE_SCHEMES: ReadonlySet<string> = new Set(['http', 'https', 'mailto']);
const RASTER_DATA_URL = /^data:image\/(png|gif|jpeg|webp|bmp)[;,]/i;

/**
 * Deeper than any generated narrative (tables in lists in tables stay below a few dozen levels);
 * a deeper div is refused unread, so no client can make the parser hold an unbounded stack.
 */
const MAX_XHTML_DEPTH = 256;

/** Thrown from a handler to stop reading: saxes has no other way to abort `write`. */
class NarrativeTooDeep extends Error {}

/**
 * The txt-1 problems of a Narrative.div, `[]` when there are none, in time linear in its length.
 * Messages name elements and attributes, never the narrative's text (PHI). txt-2 (non-whitespace
 * content) is not refused: four official R4 examples ship an empty generated div and the
 * reference validator accepts it; an empty narrative harms no reader, a script does.
 */
export function narrativeProblems(div: string): string[] {
  const problems: string[] = [];
  const scope = new NamespaceScope();
  let depth = 0;
  // Namespaces are resolved by NamespaceScope, not by saxes (`xmlns: true` is quadratic in depth).
  const parser = new SaxesParser();
  Object.assign(parser.ENTITIES, XHTML_ENTITIES);
  parser.on('opentag', (tag) => {
    if (depth >= MAX_XHTML_DEPTH) throw new NarrativeTooDeep();
    const element = scope.open(tag.name, tag.attributes);
    if (depth === 0 && (element.local !== 'div' || element.uri !== XHTML_NS)) {
      problems.push('The narrative must be a single <div> in the XHTML namespace');
    }
    problems.push(...tagProblems(element, tag.attributes, scope));
    depth += 1;
  });
  parser.on('closetag', () => {
    scope.close();
    depth -= 1;
  });
  parser.on('text', (text) => {
    if (depth === 0 && text.trim() !== '') problems.push('The narrative has text outside its <div>');
  });
  parser.on('doctype', () => problems.push('A narrative may not contain a DOCTYPE'));
  parser.on('processinginstruction', () => problems.push('A narrative may not contain processing instructions'));
  try {
    parser.write(div).close();
  } catch (error) {
    if (error instanceof NarrativeTooDeep) return [`The narrative nests deeper than ${MAX_XHTML_DEPTH} elements`];
    // saxes stops at the first well-formedness error; its message quotes the input, so it is not passed on.
    return ['The narrative is not well-formed XHTML'];
  }
  return [...new Set(problems)];
}

function tagProblems(
  element: ResolvedName,
  attributes: Readonly<Record<string, string>>,
  scope: NamespaceScope,
): string[] {
  const problems: string[] = [];
  if (element.uri !== XHTML_NS) problems.push(`Element <${element.name}> is not in the XHTML namespace (txt-1)`);
  else if (!ELEMENTS.has(element.local))
    problems.push(`Element <${element.local}> is not allowed in a narrative (txt-1)`);
  for (const [qualified, value] of Object.entries(attributes)) {
    const name = scope.attribute(qualified)?.name;
    if (name === undefined) continue;
    if (!COMMON_ATTRIBUTES.has(name) && !ELEMENT_ATTRIBUTES.has(`${element.local}.${name}`)) {
      problems.push(`Attribute '${name}' is not allowed on <${element.local}> in a narrative (txt-1)`);
    } else if (URL_ATTRIBUTES.has(name) && !isSafeUrl(value, `${element.local}.${name}` === 'img.src')) {
      problems.push(`Attribute '${name}' of <${element.local}> must be an http(s), relative or '#' URL (txt-1)`);
    }
  }
  return problems;
}

function isSafeUrl(value: string, isImageSource: boolean): boolean {
  // Browsers drop ASCII whitespace and control characters inside a scheme ("java\tscript:").
  const squeezed = [...value].filter((char) => char.charCodeAt(0) > 0x20).join('');
  if (isImageSource && RASTER_DATA_URL.test(squeezed)) return true;
  const scheme = URL_SCHEME.exec(squeezed)?.[1];
  return scheme === undefined || SAFE_SCHEMES.has(scheme.toLowerCase());
}
