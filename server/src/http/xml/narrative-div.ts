import { SaxesParser } from 'saxes';
import { OperationOutcomeError } from '../../errors/outcome-error.js';

export const XHTML_NS = 'http://www.w3.org/1999/xhtml';

/**
 * The narrative `div` of a JSON resource as XHTML markup to embed in the XML document
 * (narrative.html#xhtml, json.html#xhtml). The string is checked to be one well-formed `div` in
 * the XHTML namespace before it is copied in: a stored string like `</div></text><extension…`
 * must never change the structure of the document around it. A div without its namespace
 * declaration gets one (the only change made to the markup).
 */
export function narrativeMarkup(div: unknown, path: string): string {
  if (typeof div !== 'string' || !isOneXhtmlDiv(div)) {
    throw OperationOutcomeError.of(
      'not-supported',
      'The narrative is not a well-formed XHTML div, so the resource can only be served as JSON',
      path,
      406,
    );
  }
  return /^<div[\s>/][^>]*\bxmlns\s*=/.test(div) ? div : div.replace(/^<div/, `<div xmlns="${XHTML_NS}"`);
}

function isOneXhtmlDiv(div: string): boolean {
  if (!div.startsWith('<div')) return false;
  const parser = new SaxesParser({ xmlns: true, defaultXMLVersion: '1.0', position: false });
  // Checked as if the namespace were declared, so that only the markup itself decides.
  const document = `<wrapper xmlns="${XHTML_NS}">${div}</wrapper>`;
  let depth = 0;
  let roots = 0;
  let ok = true;
  parser.on('error', () => (ok = false));
  parser.on('doctype', () => (ok = false));
  parser.on('processinginstruction', () => (ok = false));
  parser.on('text', (text) => {
    if (depth === 1 && text.trim() !== '') ok = false;
  });
  parser.on('opentag', (tag) => {
    depth += 1;
    if (depth !== 2) return;
    roots += 1;
    if (tag.local !== 'div' || tag.uri !== XHTML_NS || tag.prefix !== '') ok = false;
  });
  parser.on('closetag', () => (depth -= 1));
  try {
    parser.write(document).close();
  } catch {
    return false;
  }
  return ok && roots === 1;
}
