/**
 * One step of a discriminator path (http://hl7.org/fhir/R4/profiling.html#discriminator): the
 * restricted FHIRPath a discriminator may use — element names, `extension('url')`, `resolve()` and
 * `ofType(Type)`; `$this` is the empty path.
 */
export type DiscriminatorStep =
  | { readonly kind: 'child'; readonly name: string }
  | { readonly kind: 'extension'; readonly url: string }
  | { readonly kind: 'resolve' }
  | { readonly kind: 'ofType'; readonly type: string };

const EXTENSION = /^extension\(\s*'([^']*)'\s*\)$/;
const OF_TYPE = /^ofType\(\s*([A-Za-z][A-Za-z0-9.]*)\s*\)$/;
const NAME = /^[A-Za-z][A-Za-z0-9]*(\[x\])?$/;

/** The steps of `path`, or undefined when it is not a path the spec allows a discriminator. */
export function parseDiscriminatorPath(path: string): DiscriminatorStep[] | undefined {
  const steps: DiscriminatorStep[] = [];
  for (const segment of splitSegments(path.trim())) {
    const step = parseStep(segment);
    if (step === undefined) return undefined;
    if (step !== 'this') steps.push(step);
  }
  return steps;
}

function parseStep(segment: string): DiscriminatorStep | 'this' | undefined {
  if (segment === '$this') return 'this';
  if (segment === 'resolve()') return { kind: 'resolve' };
  const extension = EXTENSION.exec(segment);
  if (extension) return { kind: 'extension', url: extension[1] ?? '' };
  const ofType = OF_TYPE.exec(segment);
  if (ofType) return { kind: 'ofType', type: ofType[1] ?? '' };
  return NAME.test(segment) ? { kind: 'child', name: segment.replace('[x]', '') } : undefined;
}

/** Splits at the dots outside quotes and parentheses: `extension('http://x.org/a').value` has two segments. */
function splitSegments(path: string): string[] {
  const segments: string[] = [];
  let depth = 0;
  let quoted = false;
  let start = 0;
  for (let i = 0; i < path.length; i++) {
    const char = path[i];
    if (char === "'") quoted = !quoted;
    else if (!quoted && char === '(') depth++;
    else if (!quoted && char === ')') depth--;
    else if (!quoted && depth === 0 && char === '.') {
      segments.push(path.slice(start, i));
      start = i + 1;
    }
  }
  segments.push(path.slice(start));
  return segments;
}
