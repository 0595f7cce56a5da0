import { isJsonObject } from './is-json-object.js';

/** XML Schema's `\s` (https://www.w3.org/TR/xmlschema-2/#nt-MultiCharEsc): only these four. */
const XSD_SPACE = '[ \\t\\n\\r]';
const XSD_NON_SPACE = '[^ \\t\\n\\r]';

/**
 * The FHIR primitive regexes (https://hl7.org/fhir/R4/datatypes.html#primitive) come from the XML
 * schema, where `\s` means just space, tab, CR and LF. The JSON schema copies them verbatim, but
 * JSON Schema runs them as ECMAScript regexes, whose `\s` also covers U+00A0, U+2003, U+FEFF and
 * others: `^[ \r\n\t\S]+$` would then reject a FHIR string holding a no-break space (the spec's
 * own DiagnosticReport-gingival-mass example has one). Each pattern is rewritten to its XSD meaning.
 * The base64Binary form is also rewritten so that no two repetitions compete for the same spaces,
 * which keeps matching linear on long inputs.
 */
const XSD_TO_ECMASCRIPT: Readonly<Record<string, string>> = {
  // string, markdown: XSD `[ \r\n\t\S]` is any character, but strings SHALL NOT hold code points
  // below 32 other than tab, CR and LF (datatypes.html#string): a VT or NUL is refused. Strings
  // are Unicode: a lone surrogate is no character (ajv's `u` flag reads a pair as one code point).
  '^[ \\r\\n\\t\\S]+$': '^[^\\u0000-\\u0008\\u000B\\u000C\\u000E-\\u001F\\uD800-\\uDFFF]+$',
  // uri, url, canonical
  '^\\S*$': `^${XSD_NON_SPACE}*$`,
  // code: no leading, trailing or repeated whitespace
  '^[^\\s]+(\\s[^\\s]+)*$': `^${XSD_NON_SPACE}+(${XSD_SPACE}${XSD_NON_SPACE}+)*$`,
  // base64Binary
  '^(\\s*([0-9a-zA-Z\\+/=]){4}\\s*)+$': `^${XSD_SPACE}*([0-9a-zA-Z+/=]{4}${XSD_SPACE}*)+$`,
};

/** A copy of a schema node with every FHIR primitive `pattern` given its XML Schema meaning. */
export function withXsdWhitespace(node: unknown): unknown {
  if (Array.isArray(node)) return node.map(withXsdWhitespace);
  if (!isJsonObject(node)) return node;
  const copy: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(node)) {
    const rewritten = key === 'pattern' && typeof value === 'string' ? XSD_TO_ECMASCRIPT[value] : undefined;
    copy[key] = rewritten ?? withXsdWhitespace(value);
  }
  return copy;
}
