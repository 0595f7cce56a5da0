import { createServer as createHttpServer, type RequestListener, type Server } from 'node:http';
import { createServer as createHttpsServer } from 'node:https';

/**
 * The API's listener: HTTPS when a certificate is configured (TLS_CERT_FILE/TLS_KEY_FILE), with
 * TLS 1.2 at least (RFC 9325 §3.1.1: no TLS 1.0/1.1) and Node's default cipher list; else HTTP.
 * Slow or stalled clients (unfinished headers, a body shorter than announced) are cut off
 * instead of holding a connection for Node's five-minute default.
 */
export function createListener(tls: { cert: Buffer; key: Buffer } | undefined, handle: RequestListener): Server {
  const timeouts = { headersTimeout: 20_000, requestTimeout: 120_000 };
  if (tls === undefined) return createHttpServer(timeouts, handle);
  return createHttpsServer({ ...timeouts, cert: tls.cert, key: tls.key, minVersion: 'TLSv1.2' }, handle);
}
