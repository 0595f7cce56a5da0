import { OperationOutcomeError } from '../../errors/outcome-error.js';
import { findConditionalMatches, parseCondition } from '../conditional-match.js';
import type { EngineContext } from '../engine-context.js';

const CONDITIONAL_REFERENCE = /^([A-Z][A-Za-z]+)\?(.+)$/;

/**
 * Rewrites the references of a Bundle entry's resource (http.html#trules): a reference to
 * another entry's fullUrl (urn:uuid:…, urn:oid:… or an absolute URL) becomes that entry's
 * `Type/id`; a conditional reference (`Patient?identifier=sys|1`) becomes the one resource it
 * matches — none or several is an error. Every `reference` property anywhere in the resource
 * is visited (extensions and contained resources included). Results of conditional
 * references are cached for the Bundle, as real feeds repeat the same few many times.
 */
export class ReferenceResolver {
  private readonly conditional = new Map<string, Promise<string>>();

  constructor(
    private readonly context: EngineContext,
    private readonly fullUrls: ReadonlyMap<string, string>,
  ) {}

  async rewrite(value: unknown, path: string): Promise<void> {
    if (Array.isArray(value)) {
      await Promise.all(value.map((item, i) => this.rewrite(item, `${path}[${i}]`)));
      return;
    }
    if (typeof value !== 'object' || value === null) return;
    const node = value as Record<string, unknown>;
    for (const [key, child] of Object.entries(node)) {
      if (key === 'reference' && typeof child === 'string') node[key] = await this.resolve(child, `${path}.reference`);
      else await this.rewrite(child, `${path}.${key}`);
    }
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
