/**
 * An XML text being written: tags, attributes already escaped, optional indentation
 * (`_pretty=true`). An element closed right after it was opened becomes `<name/>`.
 */
export class XmlOut {
  readonly #parts: string[] = [];
  readonly #indent: boolean;
  #depth = 0;

  constructor(indent: boolean) {
    this.#indent = indent;
  }

  /** Opens `<name …>`; the returned mark is given back to `close`. */
  open(name: string, attributes: ReadonlyArray<readonly [string, string]> = []): number {
    const text = attributes.map(([key, value]) => ` ${key}="${value}"`).join('');
    this.#parts.push(`${this.#newline()}<${name}${text}>`);
    this.#depth += 1;
    return this.#parts.length;
  }

  close(name: string, mark: number): void {
    this.#depth -= 1;
    if (this.#parts.length === mark) {
      const last = this.#parts.length - 1;
      this.#parts[last] = `${(this.#parts[last] ?? '').slice(0, -1)}/>`;
      return;
    }
    this.#parts.push(`${this.#newline()}</${name}>`);
  }

  /** Markup copied as it is (the narrative div). */
  raw(markup: string): void {
    this.#parts.push(this.#newline() + markup);
  }

  text(): string {
    return this.#parts.join('');
  }

  #newline(): string {
    if (!this.#indent || this.#parts.length === 0) return '';
    return `\n${'  '.repeat(this.#depth)}`;
  }
}
