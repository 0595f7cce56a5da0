/** One request the fuzzer sends, with the interaction it aims at (for the counts). */
export interface FuzzRequest {
  interaction: string;
  method: string;
  /** Relative to the FHIR base, with its query string. */
  path: string;
  headers: Record<string, string>;
  body?: string;
}

/** The request as a line a person can replay with curl. */
export function describeRequest(baseUrl: string, request: FuzzRequest): string {
  const headers = Object.entries(request.headers).map(([name, value]) => `-H ${quote(`${name}: ${value}`)}`);
  const body = request.body === undefined ? [] : [`--data-binary ${quote(request.body.slice(0, 4000))}`];
  return ['curl', '-X', request.method, ...headers, ...body, quote(`${baseUrl}/${request.path}`)].join(' ');
}

function quote(text: string): string {
  return `'${text.replace(/'/g, `'\\''`)}'`;
}
