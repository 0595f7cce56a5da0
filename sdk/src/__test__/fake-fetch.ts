import type { OperationOutcome, OperationOutcomeIssue } from '@medplum/fhirtypes';

/** What the client sent, as a test wants to assert it. */
export interface RecordedRequest {
  method: string;
  url: string;
  headers: Headers;
  body: unknown;
}

type Reply = (request: RecordedRequest, signal: AbortSignal | undefined) => Response | Promise<Response>;

/**
 * A fetch that records every request and answers from a script, one reply per call (the last one
 * repeats). Replies are functions so a test can build a fresh Response, or never answer.
 */
export function fakeFetch(...replies: Reply[]): { fetch: typeof fetch; requests: RecordedRequest[] } {
  const requests: RecordedRequest[] = [];
  const fetchFn = async (input: string | URL | Request, init?: RequestInit): Promise<Response> => {
    const text = typeof init?.body === 'string' ? init.body : undefined;
    const request: RecordedRequest = {
      method: init?.method ?? 'GET',
      url: String(input),
      headers: new Headers(init?.headers),
      body: text === undefined ? undefined : JSON.parse(text),
    };
    const reply = replies[Math.min(requests.length, replies.length - 1)];
    requests.push(request);
    if (!reply) throw new Error('fakeFetch has no reply scripted');
    return reply(request, init?.signal ?? undefined);
  };
  return { fetch: fetchFn as typeof fetch, requests };
}

/** A JSON reply with the given status and headers. */
export function json(status: number, body: unknown, headers: Record<string, string> = {}): Reply {
  return () =>
    new Response(JSON.stringify(body), { status, headers: { 'Content-Type': 'application/fhir+json', ...headers } });
}

/** A reply that never comes; it rejects like fetch does once the request is aborted. */
export function hang(): Reply {
  return (_request, signal) =>
    new Promise((_resolve, reject) => {
      signal?.addEventListener('abort', () => reject(signal.reason));
    });
}

/** An OperationOutcome with one error issue. */
export function outcome(code: OperationOutcomeIssue['code'], diagnostics: string): OperationOutcome {
  return { resourceType: 'OperationOutcome', issue: [{ severity: 'error', code, diagnostics }] };
}
