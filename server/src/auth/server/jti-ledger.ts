/**
 * The `jti` values of client assertions already used (SMART Backend Services: "the authorization
 * server SHALL … reject a JWT whose jti has already been used", RFC 7523 §3 item 7). An entry is
 * kept until its assertion expires (plus the clock tolerance); after that the assertion's `exp`
 * refuses it anyway.
 */
export interface JtiLedger {
  /** Records `jti` of `clientId`; false when it was already recorded (a replay). Atomic. */
  record(clientId: string, jti: string, expiresAt: Date): Promise<boolean>;
}

/** One process's ledger; expired entries are dropped as new ones come. */
export class MemoryJtiLedger implements JtiLedger {
  readonly #entries = new Map<string, number>();
  #sweptAt = 0;

  constructor(private readonly now: () => Date = () => new Date()) {}

  async record(clientId: string, jti: string, expiresAt: Date): Promise<boolean> {
    const now = this.now().getTime();
    // At most once a second: a burst of assertions does not scan the ledger for each.
    if (now - this.#sweptAt >= 1000) {
      this.#sweptAt = now;
      for (const [key, expires] of this.#entries) if (expires < now) this.#entries.delete(key);
    }
    const key = JSON.stringify([clientId, jti]);
    if (this.#entries.has(key)) return false;
    this.#entries.set(key, expiresAt.getTime());
    return true;
  }
}
