/**
 * The XML `value` attribute of a JSON primitive (xml.html#1.17.1, datatypes.html#primitive).
 * A decimal is written in plain notation: JavaScript prints 1e-7 or 1e21, which is not a valid
 * xs:decimal and not what the client sent.
 */
export function primitiveText(value: unknown): string | undefined {
  if (typeof value === 'string') return value;
  if (typeof value === 'boolean') return String(value);
  if (typeof value === 'number' && Number.isFinite(value)) return plainDecimal(value);
  return undefined;
}

function plainDecimal(value: number): string {
  const text = String(value);
  const match = /^(-?)(\d)(?:\.(\d+))?e([+-]\d+)$/.exec(text);
  if (!match) return text;
  const [, sign = '', lead = '', fraction = '', exponentText = '0'] = match;
  const digits = lead + fraction;
  const point = 1 + Number(exponentText);
  if (point <= 0) return `${sign}0.${'0'.repeat(-point)}${digits}`;
  if (point >= digits.length) return sign + digits + '0'.repeat(point - digits.length);
  return `${sign}${digits.slice(0, point)}.${digits.slice(point)}`;
}

/** JSON's number primitives (json.html#primitive): the rest are strings, booleans are booleans. */
const NUMBER_TYPES = new Set(['integer', 'positiveInt', 'unsignedInt', 'decimal']);
const INTEGER = /^[-+]?\d+$/;
const DECIMAL = /^-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?$/;

/**
 * The JSON value of an XML `value` attribute of type `code`, or an error message when the text
 * does not fit the type. Decimals become JSON numbers, so trailing zeros (1.50) are not kept.
 */
export function jsonPrimitive(code: string, text: string): { value: string | number | boolean } | { error: string } {
  if (code === 'boolean') {
    if (text === 'true' || text === 'false') return { value: text === 'true' };
    return { error: `"${text}" is not a boolean (true or false)` };
  }
  if (!NUMBER_TYPES.has(code)) return { value: text };
  const valid = code === 'decimal' ? DECIMAL.test(text) : INTEGER.test(text);
  const value = Number(text);
  if (!valid || !Number.isFinite(value)) return { error: `"${text}" is not a valid ${code}` };
  return { value };
}

const TEXT_ESCAPES: Readonly<Record<string, string>> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  // Attribute-value normalisation (XML 1.0 §3.3.3) would turn raw line breaks and tabs into spaces.
  '\n': '&#10;',
  '\r': '&#13;',
  '\t': '&#9;',
};

/** Escapes a string for a double-quoted XML attribute. */
export function escapeAttribute(text: string): string {
  return text.replace(/[&<>"\n\r\t]/g, (c) => TEXT_ESCAPES[c] ?? c);
}

/** Characters XML 1.0 cannot carry at all, not even as character references (XML 1.0 §2.2). */
// eslint-disable-next-line no-control-regex -- matching exactly these control characters is the point
export const NOT_XML_CHARACTER = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]/;
