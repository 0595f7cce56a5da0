/**
 * The UCUM expression syntax (https://ucum.org/ucum#section-Syntax-Rules), without the unit tables:
 *
 *     main-term  ::= "/" term | term
 *     term       ::= component (("." | "/") component)*
 *     component  ::= annotatable annotation? | annotation | factor | "(" term ")"
 *     annotatable::= simple-unit exponent?          exponent ::= ("+" | "-")? digits
 *
 * A unit symbol is ASCII 33–126 except `"+-./=()[]{}`, with `[...]` groups (`mm[Hg]`); trailing
 * digits are its exponent (`m2`), a symbol of digits alone a factor (`1`, `10*3` is `10*` cubed).
 * Whether the symbols are UCUM units is not checked here: ucum-units.ts does that after this.
 */
export function ucumSyntaxValid(code: string): boolean {
  const cursor = { s: code, i: code.startsWith('/') ? 1 : 0 };
  return term(cursor) && cursor.i === code.length;
}

interface Cursor {
  readonly s: string;
  i: number;
}

function term(c: Cursor): boolean {
  if (!component(c)) return false;
  while (c.s[c.i] === '.' || c.s[c.i] === '/') {
    c.i++;
    if (!component(c)) return false;
  }
  return true;
}

function component(c: Cursor): boolean {
  if (c.s[c.i] === '(') {
    c.i++;
    if (!term(c) || c.s[c.i] !== ')') return false;
    c.i++;
    return true;
  }
  if (c.s[c.i] === '{') return annotation(c);
  const start = c.i;
  if (!symbolRun(c) || c.i === start) return false;
  const run = c.s.slice(start, c.i);
  if (c.s[c.i] === '+' || c.s[c.i] === '-') {
    c.i++;
    if (/^\d+$/.test(run) || !digits(c)) return false;
  }
  return c.s[c.i] === '{' ? annotation(c) : true;
}

/** Unit symbol characters and bracketed groups; false on an unclosed `[`. */
function symbolRun(c: Cursor): boolean {
  while (c.i < c.s.length) {
    const ch = c.s[c.i] ?? '';
    if (ch === '[') {
      const close = c.s.indexOf(']', c.i);
      if (close < 0 || c.s.slice(c.i + 1, close).includes('[')) return false;
      c.i = close + 1;
    } else if (symbolChar(ch)) {
      c.i++;
    } else {
      return true;
    }
  }
  return true;
}

function symbolChar(ch: string): boolean {
  const code = ch.charCodeAt(0);
  return code >= 33 && code <= 126 && !'"+-./=()[]{}'.includes(ch);
}

function digits(c: Cursor): boolean {
  const start = c.i;
  while (/\d/.test(c.s[c.i] ?? '')) c.i++;
  return c.i > start;
}

/** `{…}`: ASCII 33–126 except braces (spaces are not allowed either). */
function annotation(c: Cursor): boolean {
  const close = c.s.indexOf('}', c.i);
  if (close < 0) return false;
  const text = c.s.slice(c.i + 1, close);
  if (![...text].every((ch) => ch.charCodeAt(0) >= 33 && ch.charCodeAt(0) <= 126 && ch !== '{')) return false;
  c.i = close + 1;
  return true;
}
