import { lookup as dnsLookup } from 'node:dns/promises';
import { request as httpRequest, type IncomingMessage, type RequestOptions } from 'node:http';
import { request as httpsRequest } from 'node:https';
import { isIP, type LookupFunction } from 'node:net';
import { isLoopbackAddress, isPublicAddress } from './public-address.js';

export interface SafeFetchOptions {
  /** TEST ONLY: http:// to a loopback address is allowed (never any other http). Default false. */
  allowHttpLoopback?: boolean;
  /** Whole exchange, connect to last byte (default 5 s). */
  timeoutMs?: number;
  /** Largest body read (default 64 KiB). */
  maxBytes?: number;
  /** Name resolution (default: the system resolver, every address). */
  resolve?: (hostname: string) => Promise<string[]>;
}

/** A refused or failed fetch; the message names the rule, for the operator (no body content). */
export class SafeFetchError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'SafeFetchError';
  }
}

const JSON_TYPES = /^application\/([a-z0-9.+-]+\+)?json$/i;

/**
 * GETs a JSON document from a URL someone else chose (a client's `jwks_uri`) without letting that
 * URL reach inside the network (SSRF, https://owasp.org/www-community/attacks/Server_Side_Request_Forgery):
 * https only; the name is resolved once and refused if any address is not public; the connection
 * goes to that checked address (a second resolution could answer otherwise: DNS rebinding) with
 * the certificate still checked against the name; redirects are refused, not followed; the body
 * is bounded in bytes and time and must be JSON.
 */
export async function safeFetchJson(url: string, options: SafeFetchOptions = {}): Promise<unknown> {
  const target = parseTarget(url, options.allowHttpLoopback === true);
  const address = await checkedAddress(target, options.resolve ?? resolveAll);
  const response = await get(target, address, options.timeoutMs ?? 5_000, options.maxBytes ?? 64 * 1024);
  try {
    return JSON.parse(response);
  } catch {
    throw new SafeFetchError('the document is not JSON');
  }
}

interface Target {
  url: URL;
  /** The host name or address, without IPv6 brackets. */
  host: string;
  /** http:// (allowed to loopback only, in tests). */
  plain: boolean;
}

function parseTarget(text: string, allowHttpLoopback: boolean): Target {
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    throw new SafeFetchError('not an absolute URL');
  }
  const plain = url.protocol === 'http:';
  if (url.protocol !== 'https:' && !(plain && allowHttpLoopback))
    throw new SafeFetchError('only https URLs are fetched');
  if (url.username !== '' || url.password !== '') throw new SafeFetchError('URLs with credentials are refused');
  return { url, host: url.hostname.replace(/^\[(.*)\]$/, '$1'), plain };
}

async function resolveAll(hostname: string): Promise<string[]> {
  return (await dnsLookup(hostname, { all: true, verbatim: true })).map((entry) => entry.address);
}

/** Every address the name has must pass (an attacker's name may mix a public and a private one). */
async function checkedAddress(target: Target, resolve: (hostname: string) => Promise<string[]>): Promise<string> {
  let addresses: string[];
  try {
    addresses = isIP(target.host) ? [target.host] : await resolve(target.host);
  } catch {
    throw new SafeFetchError('the host name does not resolve');
  }
  if (addresses.length === 0) throw new SafeFetchError('the host name does not resolve');
  const allowed = target.plain ? isLoopbackAddress : isPublicAddress;
  const bad = addresses.find((address) => !allowed(address));
  if (bad !== undefined)
    throw new SafeFetchError(
      target.plain
        ? 'http is allowed to loopback only'
        : 'the host resolves to a private, loopback or reserved address',
    );
  return addresses[0]!;
}

function get(target: Target, address: string, timeoutMs: number, maxBytes: number): Promise<string> {
  const family = isIP(address);
  // Connect to the checked address whatever the system resolver would answer now.
  const pinned: LookupFunction = (_hostname, lookupOptions, callback) => {
    if (lookupOptions.all) callback(null, [{ address, family }]);
    else callback(null, address, family);
  };
  const options: RequestOptions = {
    method: 'GET',
    headers: { Accept: 'application/jwk-set+json, application/json' },
    lookup: pinned,
    agent: false,
  };
  return new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => {
      request.destroy();
      reject(new SafeFetchError(`no answer within ${timeoutMs} ms`));
    }, timeoutMs);
    const settle =
      <T>(then: (value: T) => void) =>
      (value: T) => {
        clearTimeout(timer);
        then(value);
      };
    const request = (target.plain ? httpRequest : httpsRequest)(target.url, options, (response) => {
      readBody(response, maxBytes).then(settle(resolve), settle(reject));
    });
    // A refusal while reading the body (too large) reaches here too: its reason is kept.
    request.on(
      'error',
      settle((error: Error) => reject(asFetchError(error))),
    );
    request.end();
  });
}

function readBody(response: IncomingMessage, maxBytes: number): Promise<string> {
  const status = response.statusCode ?? 0;
  const refuse = (message: string) => {
    // After the refusal settles: the connection's own error must not overtake its reason.
    setImmediate(() => response.destroy());
    return Promise.reject(new SafeFetchError(message));
  };
  if (status >= 300 && status < 400) return refuse('redirects are not followed');
  if (status !== 200) return refuse(`the server answered ${status}`);
  const type = (response.headers['content-type'] ?? '').split(';')[0]!.trim();
  if (!JSON_TYPES.test(type)) return refuse('the document is not JSON (Content-Type)');
  if (Number(response.headers['content-length'] ?? 0) > maxBytes)
    return refuse(`the document exceeds ${maxBytes} bytes`);
  return new Promise<string>((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    response.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > maxBytes) response.destroy(new SafeFetchError(`the document exceeds ${maxBytes} bytes`));
      else chunks.push(chunk);
    });
    response.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    response.on('error', (error) => reject(asFetchError(error)));
    // Cut off before its end (a timeout, the peer gone): whatever came is not the document.
    response.on('close', () => reject(new SafeFetchError('the connection closed before the document ended')));
  });
}

/** A socket or TLS error says nothing the operator needs beyond "failed" (and may echo the peer). */
function asFetchError(error: Error): SafeFetchError {
  return error instanceof SafeFetchError ? error : new SafeFetchError('the fetch failed');
}
