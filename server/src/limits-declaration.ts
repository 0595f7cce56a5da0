import { MAX_COUNT } from './search/parse-result-params.js';
import type { SecuritySettings } from './security-settings.js';

/** The limits a client runs into, declared so it can stay within them (conformance.html). */
export interface LimitsDeclaration {
  bodyLimitBytes: number;
  maxBundleEntries: number;
  security: Pick<
    SecuritySettings,
    'cors' | 'rateLimitPerMinute' | 'rateLimitBurst' | 'jsonMaxDepth' | 'stringMaxLength'
  >;
}

/** The sentence of CapabilityStatement.rest.documentation that says them. */
export function limitsDocumentation(limits: LimitsDeclaration): string {
  const { security } = limits;
  const rate =
    security.rateLimitPerMinute > 0
      ? `at most ${security.rateLimitPerMinute} requests a minute per client, ${security.rateLimitBurst} at once after a pause (per OAuth client id, else per address, per API process; 429 throttled with Retry-After).`
      : 'no rate limit.';
  return [
    `Limits: request bodies up to ${limits.bodyLimitBytes} bytes after decoding (413), nested at most`,
    `${security.jsonMaxDepth} levels (400), strings up to ${security.stringMaxLength} characters (413; base64 data`,
    `excepted), Bundles of up to ${limits.maxBundleEntries} entries (413), _count up to ${MAX_COUNT} (larger is`,
    `reduced, with a warning); ${rate} CORS: ${security.cors.origins.length > 0 ? `for ${security.cors.origins.join(', ')}` : 'off'}.`,
  ].join(' ');
}
