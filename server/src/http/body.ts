import type { Middleware } from 'koa';
import { OperationOutcomeError } from '../errors/outcome-error.js';
import type { FhirState } from '../middleware/request-context.js';

/**
 * Reads and parses the request body once, bounded by `limitBytes` (413 past it, without
 * buffering the rest). Malformed JSON is a 400 that says where, never a 500. Form bodies of
 * POST `_search` are merged into the query (http.html#search).
 */
export function parseBody(limitBytes: number): Middleware<FhirState> {
  return async (ctx, next) => {
    if (!['POST', 'PUT', 'PATCH'].includes(ctx.method)) return next();
    const text = await readText(ctx.req, limitBytes);
    if (text.length === 0) return next();
    if (ctx.is('application/x-www-form-urlencoded')) {
      ctx.state.body = undefined;
      ctx.querystring = [ctx.querystring, text].filter(Boolean).join('&');
      return next();
    }
    try {
      ctx.state.body = JSON.parse(text);
    } catch (error) {
      const detail = error instanceof SyntaxError ? error.message.replace(/"[^"]*"/g, '…') : 'invalid JSON';
      throw OperationOutcomeError.of('structure', `The body is not valid JSON: ${detail}`);
    }
    return next();
  };
}

async function readText(stream: NodeJS.ReadableStream, limitBytes: number): Promise<string> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of stream) {
    const buffer = typeof chunk === 'string' ? Buffer.from(chunk) : chunk;
    size += buffer.length;
    if (size > limitBytes) {
      throw OperationOutcomeError.of('too-long', `The body is larger than ${limitBytes} bytes`, undefined, 413);
    }
    chunks.push(buffer);
  }
  return Buffer.concat(chunks).toString('utf8');
}
