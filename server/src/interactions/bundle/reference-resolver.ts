import { OperationOutcomeError } from '../../errors/outcome-error.js';
import { assertPermitted } from '../authorize.js';
import { findConditionalMatches, parseCondition } from '../conditional-match.js';
import type { EngineContext } from '../engine-context.js';
import { childType, resourceRoot, type ElementType } from './element-types.js';
import { rewriteNarrativeLinks } from './narrative-links.js';

const CONDITIONAL_REFERENCE = /^([A-Z][A-Za-z]+)\?(.+)$/;

/** Element types whose values are links to replace (http.html#trules); `canonical` is not one. */
const LINK_TYPES = new Set(['uri', 'url']);

/**
 * Rewrites the links of a Bundle entry's resource (http.html#trules): a link to another entry's
 * fullUrl (urn:uuid:…, urn:oid:… or an absolute URL) becomes that entry's identity — `Type/id`
 * in a Reference, the absolute URL on this server in elements of type uri and url and in the
 * narrative's `<a href>` and `<img src>` (their readers do not resolve against a FHIR base);
 * elements of type canonical are left as they are. A conditional reference
 * (`Patient?identifier=sys|1`) becomes the one resource it matches — none or several is an
 * error. The walk follows the R4 element types at any depth (extensions, backbone elements,
 * contained resources, Parameters of a FHIRPath Patch); where the model knows no type, every
 * `reference` string is taken for a Reference's. Results of conditional references are cached
 * for the Bundle, as real feeds repeat the same few many times.
 *
 * Not replaced: uuid- and oid-typed elements (an assigned URL would not be a valid uuid/oid),
 * markdown, and version-specific forms of a fullUrl (`…/_history/n`).
 */
export class ReferenceResolver {
  private readonly conditional = new Map<string, Promise<string>>();

  constructor(
    private readonly context: EngineContext,
    private readonly fullUrls: ReadonlyMap<string, string>,
  ) {}

  async rewrite(value: unknown, path: string): Promise<void> {
    await this.#walkResource(value, path);
  }

  /** A Bundle (document, collection, message…) resolves links among its own entries (bundle.html#references). */
  async #walkResource(value: unknown, path: string): Promise<void> {
    const root = resourceRoot(value);
    if (root?.type !== 'Bundle') await this.#walk(value, path, root);
  }

  async #walk(value: unknown, path: string, type: ElementType | undefined): Promise<void> {
    if (Array.isArray(value)) {
      await Promise.all(value.map((item, i) => this.#walk(item, `${path}[${i}]`, type)));
      return;
    }
    if (typeof value !== 'object' || value === null) return;
    const node = value as Record<string, unknown>;
    await Promise.all(
      Object.entries(node).map(async ([key, child]) => {
        const at = `${path}.${key}`;
        const childOf = type === undefined ? undefined : childType(type, key);
        if (typeof child === 'string') node[key] = await this.#rewriteString(child, at, key, childOf);
        else if (Array.isArray(child) && childOf !== undefined && LINK_TYPES.has(childOf.type)) {
          node[key] = child.map((item: unknown) => (typeof item === 'string' ? this.#link(item) : item));
        } else if (childOf?.type === 'Resource') await this.#walkResource(child, at);
        else await this.#walk(child, at, childOf);
      }),
    );
  }

  async #rewriteString(value: string, path: string, key: string, type: ElementType | undefined): Promise<string> {
    if (type === undefined) return key === 'reference' ? this.resolve(value, path) : value;
    if (type.type === 'string' && key === 'reference') return this.resolve(value, path);
    if (LINK_TYPES.has(type.type)) return this.#link(value);
    if (type.type === 'xhtml') {
      return rewriteNarrativeLinks(value, (url) => (this.fullUrls.has(url) ? this.#link(url) : undefined));
    }
    return value;
  }

  /** A fullUrl as the absolute URL of the resource it was assigned. */
  #link(value: string): string {
    const local = this.fullUrls.get(value);
    return local === undefined ? value : `${this.context.baseUrl}/${local}`;
  }

  private async resolve(reference: string, path: string): Promise<string> {
    const local = this.fullUrls.get(reference);
    if (local) return local;
    if (reference.startsWith('urn:uuid:') || reference.startsWith('urn:oid:')) {
      throw OperationOutcomeError.of('invalid', 'The reference names no entry of this Bundle', path);
    }
    const conditional = CONDITIONAL_REFERENCE.exec(reference);
    if (!conditional) return reference;
    let resolved = this.conditional.get(reference);
    if (!resolved) {
      resolved = this.resolveConditional(conditional[1] ?? '', conditional[2] ?? '', path);
      this.conditional.set(reference, resolved);
    }
    return resolved;
  }

  private async resolveConditional(type: string, condition: string, path: string): Promise<string> {
    if (!this.context.validator.isResourceType(type)) {
      throw OperationOutcomeError.of('invalid', `Unknown resource type '${type}' in a conditional reference`, path);
    }
    // Its match or no match would tell a caller who may not search the type what is stored.
    assertPermitted(this.context.access, type, 's', 'A conditional reference', path);
    const matches = await findConditionalMatches(this.context, type, parseCondition(condition), path);
    if (matches.length !== 1) {
      throw OperationOutcomeError.of(
        matches.length === 0 ? 'not-found' : 'multiple-matches',
        `The conditional reference matches ${matches.length === 0 ? 'no' : 'more than one'} resource`,
        path,
        412,
      );
    }
    return `${type}/${matches[0]?.id ?? ''}`;
  }
}
