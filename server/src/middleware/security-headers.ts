import type { Middleware } from 'koa';
import type { FhirState } from './request-context.js';

/**
 * Headers every answer carries (OWASP REST Security Cheat Sheet, "Security headers"): the
 * answers are JSON or XML for programs, never pages, so a browser must not sniff them into
 * HTML, frame them, run anything from them or send their URL (which may hold search values)
 * as a Referer. `Cache-Control: no-store` keeps health data out of shared caches when the
 * request was authenticated (RFC 9111 §5.2.2.5); HSTS (RFC 6797) only over TLS.
 * Set before the rest runs, so error answers carry them too.
 */
export function securityHeaders(options: { tls: boolean }): Middleware<FhirState> {
  return (ctx, next) => {
    ctx.set('X-Content-Type-Options', 'nosniff');
    ctx.set('X-Frame-Options', 'DENY');
    ctx.set('Content-Security-Policy', "default-src 'none'; frame-ancestors 'none'; sandbox");
    ctx.set('Referrer-Policy', 'no-referrer');
    if (options.tls) ctx.set('Strict-Transport-Security', 'max-age=31536000; includeSubDomains');
    if (ctx.get('Authorization') !== '') ctx.set('Cache-Control', 'no-store');
    return next();
  };
}
