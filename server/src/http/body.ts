import type { Middleware, ParameterizedContext } from 'koa';
import { pipeline } from 'node:stream';
import { createGunzip, createInflate, type Gunzip, type Inflate } from 'node:zlib';
import { OperationOutcomeError } from '../errors/outcome-error.js';
import type { FhirState } from '../middleware/request-context.js';
import { checkBodyBounds, type BodyBounds } from './body-bounds.js';
import { XML_TYPES } from './media-types.js';
import { readFhirXml } from './xml/xml-to-json.js';

/**
 * Reads and parses the request body once, bounded by `limitBytes` (413 past it, without
 * buffering the rest; gzip and deflate bodies are measured after decoding, so a zip bomb is a 413
 * too) and by `bounds` (body-bounds.ts: the depth is at most the validator's, profiles/src/schema/json-depth.ts,
 * so every recursive walk that follows is safe; a 10 000-deep array is a 400). FHIR XML is read into its JSON form. Malformed JSON or XML is a 400 that says where, never a 500.
 * Form bodies of POST `_search` are merged into the query (http.html#search), never with an access token.
 */
export function parseBody(limitBytes: number, bounds: BodyBounds): Middleware<FhirState> {
  return async (ctx, next) => {
    if (!['POST', 'PUT', 'PATCH'].includes(ctx.method)) return next();
    const charset = /;\s*charset\s*=\s*"?([^";\s]+)/i.exec(ctx.get('Content-Type'))?.[1]?.toLowerCase();
    if (charset !== undefined && charset !== 'utf-8' && charset !== 'utf8') {
      // FHIR's JSON is UTF-8 (json.html); decoding another charset as UTF-8 would corrupt names.
      throw OperationOutcomeError.of('not-supported', 'Send bodies in UTF-8 (charset=utf-8)', 'Content-Type', 415);
    }
    const text = utf8Text(await readBodyBytes(ctx, limitBytes));
    if (text.length === 0) return next();
    if (ctx.is('application/x-www-form-urlencoded')) {
      refuseFormToken(ctx, text);
      ctx.state.body = undefined;
      ctx.querystring = [ctx.querystring, text].filter(Boolean).join('&');
      return next();
    }
    ctx.state.body = ctx.is(XML_TYPES) ? await readFhirXml(text, bounds.maxDepth) : parseJson(text);
    checkBodyBounds(ctx.state.body, bounds);
    return next();
  };
}

/**
 * RFC 6750 §2.2: a token in a form body is not accepted (only the Authorization header, §2.1), in
 * every AUTH_MODE: it would otherwise become a search parameter, echoed in `Bundle.link` and logs.
 */
function refuseFormToken(ctx: ParameterizedContext<FhirState>, text: string): void {
  if (!new URLSearchParams(text).has('access_token')) return;
  ctx.set('WWW-Authenticate', 'Bearer error="invalid_request"');
  throw OperationOutcomeError.of(
    'invalid',
    'Send the access token in the Authorization header, not in the body',
    'access_token',
    400,
  );
}

/**
 * The request body's bytes, its Content-Encoding undone, bounded by `limitBytes` (413 past it,
 * measured after decoding). Also for bodies that are not FHIR (HL7 v2 messages: hl7/http/).
 */
export async function readBodyBytes(ctx: ParameterizedContext<FhirState>, limitBytes: number): Promise<Buffer> {
  return readBytes(decoded(ctx.req, ctx.get('Content-Encoding')), limitBytes).catch((error: unknown) => {
    // The rest of an oversize body stays unread, so this connection cannot carry another request.
    if (error instanceof OperationOutcomeError && error.status === 413) ctx.set('Connection', 'close');
    throw error;
  });
}

/**
 * The body with its Content-Encoding (RFC 9110 §8.4) undone: gzip and deflate are decoded,
 * identity is none; any other coding is a 415 (RFC 9110 §15.5.16). The decoder is piped with
 * `pipeline`, so a request aborted mid-body errors the decoder too (an 'incomplete' outcome)
 * instead of leaving it waiting for bytes that never come.
 */
function decoded(stream: NodeJS.ReadableStream, header: string): NodeJS.ReadableStream {
  const codings = header
    .split(',')
    .map((coding) => coding.trim().toLowerCase())
    .filter((coding) => coding !== '' && coding !== 'identity');
  if (codings.length === 0) return stream;
  const [coding] = codings;
  if (codings.length === 1 && (coding === 'gzip' || coding === 'x-gzip')) return piped(stream, createGunzip());
  if (codings.length === 1 && coding === 'deflate') return piped(stream, createInflate());
  throw OperationOutcomeError.of(
    'not-supported',
    'Content-Encoding may be gzip, deflate or identity',
    'Content-Encoding',
    415,
  );
}

/** Errors reach the reader through the decoder, which `pipeline` destroys with them. */
function piped(stream: NodeJS.ReadableStream, decoder: Gunzip | Inflate): NodeJS.ReadableStream {
  return pipeline(stream, decoder, () => undefined);
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch (error) {
    const detail = error instanceof SyntaxError ? error.message.replace(/"[^"]*"/g, '…') : 'invalid JSON';
    throw OperationOutcomeError.of('structure', `The body is not valid JSON: ${detail}`);
  }
}

/** Strict: invalid bytes are an error, never U+FFFD in a stored name; the BOM is kept for the check below. */
const UTF8 = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });

async function readBytes(stream: NodeJS.ReadableStream, limitBytes: number): Promise<Buffer> {
  const chunks: Buffer[] = [];
  let size = 0;
  try {
    for await (const chunk of stream) {
      const buffer = typeof chunk === 'string' ? Buffer.from(chunk) : chunk;
      size += buffer.length;
      if (size > limitBytes) {
        throw OperationOutcomeError.of('too-long', `The body is larger than ${limitBytes} bytes`, undefined, 413);
      }
      chunks.push(buffer);
    }
  } catch (error) {
    if (error instanceof OperationOutcomeError) throw error;
    if (isZlibError(error))
      throw OperationOutcomeError.of('invalid', 'The body does not decode as its Content-Encoding');
    // The client went away mid-body: its fault, not the server's (and no one reads the answer).
    throw OperationOutcomeError.of('incomplete', 'The request body ended before it was complete');
  }
  return Buffer.concat(chunks);
}

function utf8Text(bytes: Buffer): string {
  let text: string;
  try {
    text = UTF8.decode(bytes);
  } catch {
    throw OperationOutcomeError.of('invalid', 'The body is not valid UTF-8');
  }
  // A UTF-8 byte order mark is allowed before JSON text (RFC 8259 §8.1 lets parsers ignore it).
  return text.replace(/^\uFEFF/, '');
}

function isZlibError(error: unknown): boolean {
  return typeof (error as { code?: unknown } | null)?.code === 'string' && /^Z_/.test((error as { code: string }).code);
}
