import type { ChainLedger, ChainLink } from '../chain-ledger.js';

/** The embedded store's chain ledger: links in a Map, copied in and out like every record. */
export class MemoryChainLedger implements ChainLedger {
  readonly #links = new Map<number, ChainLink>();

  async claim(link: ChainLink): Promise<boolean> {
    if (this.#links.has(link.sequence)) return false;
    this.#links.set(link.sequence, structuredClone(link));
    return true;
  }

  async read(sequence: number): Promise<ChainLink | undefined> {
    const link = this.#links.get(sequence);
    return link && structuredClone(link);
  }

  async last(): Promise<ChainLink | undefined> {
    return this.#first([...this.#links.keys()].sort((a, b) => b - a));
  }

  async next(sequence: number): Promise<ChainLink | undefined> {
    return this.#first([...this.#links.keys()].filter((key) => key > sequence).sort((a, b) => a - b));
  }

  async void(sequence: number, reason: string): Promise<void> {
    const link = this.#links.get(sequence);
    if (link) Object.assign(link, { voided: reason, voidedAt: new Date().toISOString() });
  }

  async range(from: number, to: number): Promise<ChainLink[]> {
    return [...this.#links.values()]
      .filter((link) => link.sequence < to && link.sequence + link.events.length > from)
      .sort((a, b) => a.sequence - b.sequence)
      .map((link) => structuredClone(link));
  }

  #first(keys: number[]): ChainLink | undefined {
    const [key] = keys;
    const link = key === undefined ? undefined : this.#links.get(key);
    return link && structuredClone(link);
  }
}
