/** `href="…"` of an `<a>` and `src="…"` of an `<img>` (either quote), in XHTML narrative. */
const LINK_ATTRIBUTE = /(<(?:a|img)\b[^>]*?\s(?:href|src)\s*=\s*)(["'])([^"']*)\2/gi;

/**
 * The narrative with each `<a href>` and `<img src>` that `replace` maps rewritten
 * (http.html#trules: links to Bundle entries are replaced in the narrative too); everything
 * else, and every link `replace` leaves undefined, stays byte for byte.
 */
export function rewriteNarrativeLinks(div: string, replace: (url: string) => string | undefined): string {
  return div.replace(LINK_ATTRIBUTE, (match, head: string, quote: string, url: string) => {
    const replaced = replace(url);
    return replaced === undefined ? match : `${head}${quote}${replaced}${quote}`;
  });
}
