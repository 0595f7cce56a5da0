import type { Middleware } from 'koa';
import { OperationOutcomeError } from '../errors/outcome-error.js';
import type { FhirState } from './request-context.js';

/** Buckets kept before the full ones (clients idle long enough to have refilled) are dropped. */
const SWEEP_AT = 10_000;

interface Bucket {
  tokens: number;
  at: number;
}

/** A client's allowance: `perMinute` sustained, up to `burst` at once after a pause. */
export interface RateLimit {
  perMinute: number;
  burst: number;
}

/**
 * Rate limiting per client (RFC 6585 §4): a token bucket holding up to `burst` requests, refilled
 * continuously at `perMinute`, per authenticated client (`access.clientId`), else per peer address. Past it:
 * 429 `throttled` with Retry-After (RFC 9110 §10.2.3) in whole seconds until one request is
 * allowed again. Buckets live in this process: behind a load balancer each API process allows
 * `perMinute` of its own. Runs after authentication, so a token's client is known.
 */
export function rateLimit({ perMinute, burst }: RateLimit, now: () => number = Date.now): Middleware<FhirState> {
  const buckets = new Map<string, Bucket>();
  const perMs = perMinute / 60_000;
  return (ctx, next) => {
    const clientId = ctx.state.access?.clientId;
    const key = clientId !== undefined ? `client:${clientId}` : `address:${ctx.state.remoteAddress ?? ''}`;
    const time = now();
    if (buckets.size >= SWEEP_AT) sweep(buckets, time, burst, perMs);
    const bucket = buckets.get(key) ?? { tokens: burst, at: time };
    bucket.tokens = Math.min(burst, bucket.tokens + (time - bucket.at) * perMs);
    bucket.at = time;
    buckets.set(key, bucket);
    if (bucket.tokens < 1) {
      ctx.set('Retry-After', String(Math.ceil((1 - bucket.tokens) / perMs / 1000)));
      throw OperationOutcomeError.of('throttled', `More than ${perMinute} requests a minute from this client`);
    }
    bucket.tokens -= 1;
    return next();
  };
}

/** Drops the buckets that are full again: forgetting them changes nothing. */
function sweep(buckets: Map<string, Bucket>, time: number, burst: number, perMs: number): void {
  for (const [key, bucket] of buckets) {
    if (bucket.tokens + (time - bucket.at) * perMs >= burst) buckets.delete(key);
  }
}
