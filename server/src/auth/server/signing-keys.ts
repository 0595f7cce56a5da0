import {
  calculateJwkThumbprint,
  createLocalJWKSet,
  errors,
  exportJWK,
  generateKeyPair,
  importJWK,
  type CryptoKey,
  type JSONWebKeySet,
  type JWK,
  type JWTVerifyGetKey,
} from 'jose';

/** The algorithms the server signs its access tokens with (one, fixed per key). */
export type SigningAlgorithm = 'ES384' | 'RS384';

/** One signing key as stored; `generation` orders them (the highest signs, all verify). */
export interface StoredSigningKey {
  generation: number;
  kid: string;
  alg: SigningAlgorithm;
  privateJwk: JWK;
  publicJwk: JWK;
  created: string;
}

/**
 * Where the signing keys live (auth_keys in MongoDB, or memory), shared by every process. A
 * generation is taken by inserting it (`_id` = generation): two processes starting or rotating at
 * once cannot both take it, the loser reads the winner's key.
 */
export interface SigningKeyStore {
  list(): Promise<StoredSigningKey[]>;
  /** False when that generation exists already. */
  insert(key: StoredSigningKey): Promise<boolean>;
}

export interface SigningKeysOptions {
  alg?: SigningAlgorithm;
  now?: () => Date;
  /** A `kid` not yet known is looked up in the store again at most this often (default 10 s). */
  refreshAfterMs?: number;
  /** Another process's rotation is picked up for signing within this (default 60 s). */
  signerMaxAgeMs?: number;
}

/**
 * The authorization server's signing keys: the newest generation signs access tokens, every
 * generation kept verifies them (rotation never invalidates a token still in its lifetime). Other
 * processes' rotations are picked up when a token names a `kid` this one does not know yet.
 */
export class SigningKeys {
  readonly #store: SigningKeyStore;
  readonly #alg: SigningAlgorithm;
  readonly #now: () => Date;
  readonly #refreshAfterMs: number;
  readonly #signerMaxAgeMs: number;
  #keys: StoredSigningKey[] = [];
  #verifySet: JWTVerifyGetKey = createLocalJWKSet({ keys: [] });
  #current: { kid: string; alg: SigningAlgorithm; key: CryptoKey } | undefined;
  #loadedAt = 0;

  constructor(store: SigningKeyStore, options: SigningKeysOptions = {}) {
    this.#store = store;
    this.#alg = options.alg ?? 'ES384';
    this.#now = options.now ?? (() => new Date());
    this.#refreshAfterMs = options.refreshAfterMs ?? 10_000;
    this.#signerMaxAgeMs = options.signerMaxAgeMs ?? 60_000;
  }

  /** Loads the keys, making the first generation when the store has none. */
  async init(): Promise<void> {
    await this.refresh();
    if (this.#keys.length === 0) await this.rotate();
  }

  /** Adds a new generation, which signs from now on; the previous ones still verify. */
  async rotate(): Promise<void> {
    const generation = (this.#keys.at(-1)?.generation ?? 0) + 1;
    await this.#store.insert(await this.#newKey(generation));
    await this.refresh();
  }

  async refresh(): Promise<void> {
    const keys = (await this.#store.list()).sort((a, b) => a.generation - b.generation);
    const newest = keys.at(-1);
    if (newest && newest.kid !== this.#current?.kid) {
      this.#current = {
        kid: newest.kid,
        alg: newest.alg,
        key: (await importJWK(newest.privateJwk, newest.alg)) as CryptoKey,
      };
    }
    this.#keys = keys;
    this.#verifySet = createLocalJWKSet(this.jwks());
    this.#loadedAt = this.#now().getTime();
  }

  /** The key that signs now, the store read again when the last read is older than `signerMaxAgeMs`. */
  async currentSigner(): Promise<{ kid: string; alg: SigningAlgorithm; key: CryptoKey }> {
    if (this.#now().getTime() - this.#loadedAt >= this.#signerMaxAgeMs) await this.refresh();
    return this.signer();
  }

  /** The key that signs now (as last read). */
  signer(): { kid: string; alg: SigningAlgorithm; key: CryptoKey } {
    if (!this.#current) throw new Error('SigningKeys.init() has not run');
    return this.#current;
  }

  /** The public keys (`/auth/jwks`), newest first. */
  jwks(): JSONWebKeySet {
    return { keys: this.#keys.map((key) => ({ ...key.publicJwk })).reverse() };
  }

  /** For jose's `jwtVerify`: the key by `kid` (engineer A's token verifier and introspection). */
  readonly verificationKey: JWTVerifyGetKey = async (header, token) => {
    try {
      return await this.#verifySet(header, token);
    } catch (error) {
      const due = this.#now().getTime() - this.#loadedAt >= this.#refreshAfterMs;
      if (!(error instanceof errors.JWKSNoMatchingKey) || !due) throw error;
      await this.refresh();
      return this.#verifySet(header, token);
    }
  };

  async #newKey(generation: number): Promise<StoredSigningKey> {
    const pair = await generateKeyPair(this.#alg, { extractable: true });
    const publicJwk = await exportJWK(pair.publicKey);
    const kid = await calculateJwkThumbprint(publicJwk);
    return {
      generation,
      kid,
      alg: this.#alg,
      privateJwk: { ...(await exportJWK(pair.privateKey)), kid, alg: this.#alg },
      publicJwk: { ...publicJwk, kid, alg: this.#alg, use: 'sig' },
      created: this.#now().toISOString(),
    };
  }
}
