const XML_NS = 'http://www.w3.org/XML/1998/namespace';

/** An element or attribute name with its namespace resolved (https://www.w3.org/TR/xml-names/#ns-qualnames). */
export interface ResolvedName {
  readonly name: string;
  readonly prefix: string;
  readonly local: string;
  /** `''` for no namespace. */
  readonly uri: string;
}

/** A prefix without a declaration in scope: the document is not namespace-well-formed. */
export class UnboundPrefixError extends Error {}

/**
 * The namespace declarations in scope while a document is read element by element. saxes's own
 * resolution (`xmlns: true`) looks a prefix up through every open element, which is quadratic in
 * the nesting depth; here each prefix keeps a stack of its bindings, so each lookup is O(1).
 */
export class NamespaceScope {
  private readonly bindings = new Map<string, string[]>([['xml', [XML_NS]]]);
  private readonly declaredPerElement: string[][] = [];

  /** Enters an element: binds its `xmlns` attributes, resolves its name. Throws UnboundPrefixError. */
  open(name: string, attributes: Readonly<Record<string, string>>): ResolvedName {
    const declared: string[] = [];
    for (const [attribute, value] of Object.entries(attributes)) {
      const prefix = declaredPrefix(attribute);
      if (prefix === undefined) continue;
      declared.push(prefix);
      const stack = this.bindings.get(prefix) ?? [];
      stack.push(value);
      this.bindings.set(prefix, stack);
    }
    this.declaredPerElement.push(declared);
    return this.resolve(name, true);
  }

  /** Leaves the innermost element, dropping its declarations. */
  close(): void {
    for (const prefix of this.declaredPerElement.pop() ?? []) this.bindings.get(prefix)?.pop();
  }

  /** An attribute's name, undefined for a namespace declaration; unprefixed attributes are in no namespace (xml-names section 6.2). */
  attribute(name: string): ResolvedName | undefined {
    return declaredPrefix(name) === undefined ? this.resolve(name, false) : undefined;
  }

  private resolve(name: string, isElement: boolean): ResolvedName {
    const colon = name.indexOf(':');
    const prefix = colon < 0 ? '' : name.slice(0, colon);
    const local = colon < 0 ? name : name.slice(colon + 1);
    if (prefix === '' && !isElement) return { name, prefix, local, uri: '' };
    const uri = this.bindings.get(prefix)?.at(-1);
    if (uri === undefined && prefix !== '') throw new UnboundPrefixError();
    return { name, prefix, local, uri: uri ?? '' };
  }
}

/** The prefix an `xmlns` / `xmlns:p` attribute declares (`''` for the default namespace). */
function declaredPrefix(attribute: string): string | undefined {
  if (attribute === 'xmlns') return '';
  return attribute.startsWith('xmlns:') ? attribute.slice('xmlns:'.length) : undefined;
}
