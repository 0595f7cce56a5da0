/**
 * Search values escape `\,` `\|` `\$` and `\\` (http://hl7.org/fhir/R4/search.html#escaping).
 * `splitUnescaped` splits at the separators that are not escaped and keeps the escapes, so a part
 * can be split again on another separator; `unescapeValue` then removes them.
 */
export function splitUnescaped(text: string, separator: ',' | '|' | '$'): string[] {
  const parts: string[] = [];
  let start = 0;
  for (let i = 0; i < text.length; i++) {
    if (text[i] === '\\') i++;
    else if (text[i] === separator) {
      parts.push(text.slice(start, i));
      start = i + 1;
    }
  }
  parts.push(text.slice(start));
  return parts;
}

export function unescapeValue(text: string): string {
  return text.replace(/\\([,|$\\])/g, '$1');
}
