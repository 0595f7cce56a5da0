import cors from '@koa/cors';
import type { Middleware } from 'koa';
import type { CorsSettings } from '../security-settings.js';
import type { FhirState } from './request-context.js';

/** What a browser app needs to use the REST API (http.html: conditional headers, Prefer, versions). */
const ALLOW_HEADERS = [
  'Authorization',
  'Content-Type',
  'Accept',
  'If-Match',
  'If-None-Match',
  'If-Modified-Since',
  'If-None-Exist',
  'Prefer',
  'X-Request-Id',
];
const EXPOSE_HEADERS = [
  'ETag',
  'Location',
  'Content-Location',
  'Last-Modified',
  'Retry-After',
  'WWW-Authenticate',
  'X-Request-Id',
];

/**
 * CORS (https://fetch.spec.whatwg.org/#http-cors-protocol) for the origins CORS_ORIGINS lists,
 * or none at all: with no origins, no cross-origin header is ever sent (off by default). An
 * origin not listed gets no `Access-Control-Allow-Origin`, so the browser withholds the answer;
 * credentials only when CORS_CREDENTIALS=true, which the settings refuse together with `*`.
 */
export function corsPolicy(settings: CorsSettings): Middleware<FhirState> | undefined {
  if (settings.origins.length === 0) return undefined;
  const anyOrigin = settings.origins.includes('*');
  return cors({
    origin: (ctx) => {
      const origin = ctx.get('Origin');
      if (settings.origins.includes(origin)) return origin;
      return anyOrigin && !settings.credentials ? '*' : '';
    },
    credentials: settings.credentials,
    allowMethods: ['GET', 'HEAD', 'PUT', 'POST', 'DELETE', 'PATCH'],
    allowHeaders: ALLOW_HEADERS,
    exposeHeaders: EXPOSE_HEADERS,
    maxAge: 600,
  });
}
