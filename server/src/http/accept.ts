import { formatOfMediaType, type FhirFormat } from './media-types.js';

/**
 * The format an Accept header asks for (RFC 9110 §12.5.1, http.html#mime-type): the entries by
 * descending `q` (the header's order breaks ties), `q=0` meaning "not this"; a wildcard that
 * covers a FHIR type takes the default, JSON, unless JSON is refused by name (`text/*` can
 * only mean XML). An empty header is
 * JSON; undefined means nothing offered is acceptable (406).
 */
export function acceptedFormat(accept: string): FhirFormat | undefined {
  if (accept.trim() === '') return 'json';
  const entries = accept.split(',').map((part, order) => {
    const [type = '', ...parameters] = part.split(';').map((piece) => piece.trim());
    const q = parameters.find((p) => /^q\s*=/i.test(p))?.replace(/^q\s*=\s*/i, '');
    const weight = q === undefined ? 1 : Number(q);
    return { type: type.toLowerCase(), full: part, weight: Number.isFinite(weight) ? weight : 0, order };
  });
  const refused = new Set(entries.filter((e) => e.weight <= 0).map((e) => formatOfMediaType(e.full)));
  entries.sort((a, b) => b.weight - a.weight || a.order - b.order);
  for (const entry of entries) {
    if (entry.weight <= 0) break;
    const format = formatOfMediaType(entry.full) ?? wildcardFormat(entry.type, refused);
    if (format) return format;
  }
  return undefined;
}

/** A wildcard stands for the formats it covers, less those refused by name with q=0. */
function wildcardFormat(type: string, refused: ReadonlySet<FhirFormat | undefined>): FhirFormat | undefined {
  const covered: FhirFormat[] =
    type === 'text/*' ? ['xml'] : ['*/*', 'application/*', '*'].includes(type) ? ['json', 'xml'] : [];
  return covered.find((format) => !refused.has(format));
}
