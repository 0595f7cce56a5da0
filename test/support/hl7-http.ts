// HL7 v2 over HTTP against the running program: POST /hl7v2/messages and the inbox API.
import { expect } from 'chai';
import { type ParsedAck, parseAck } from './hl7-expectations.js';
import { authorizationFor } from './server-credentials.js';

export const HL7_ER7 = 'x-application/hl7-v2+er7';

/** The inbox API's view of an entry (server/src/hl7/inbox-view.ts). */
export interface InboxEntryView {
  id: string;
  seq: number;
  key: string;
  status: string;
  attempts: number;
  controlId?: string;
  ack?: string;
  ackCode?: string;
  errors: { at: string; text: string }[];
  resources: string[];
  raw?: string;
  orderKey?: string;
}

/** Posts a message (or batch) and returns the ACK text; the answer must be 200 in the request's media type. */
export async function postHl7(origin: string, text: string): Promise<string> {
  const response = await fetch(`${origin}/hl7v2/messages`, {
    method: 'POST',
    headers: { 'Content-Type': HL7_ER7, ...(await authorizationFor(origin)) },
    body: text,
  });
  const body = await response.text();
  expect(response.status, body).to.equal(200);
  expect(response.headers.get('content-type')).to.match(/^x-application\/hl7-v2\+er7/);
  return body;
}

export async function postHl7Ack(origin: string, text: string): Promise<ParsedAck> {
  return parseAck(await postHl7(origin, text));
}

/** GET a path of the inbox API as JSON, failing the test unless it answers `status`. */
export async function inboxApi<T>(origin: string, path: string, init: RequestInit = {}, status = 200): Promise<T> {
  const headers = { ...(await authorizationFor(origin)), ...(init.headers as Record<string, string> | undefined) };
  const response = await fetch(`${origin}/hl7v2/${path}`, { ...init, headers });
  const text = await response.text();
  expect(response.status, `${init.method ?? 'GET'} /hl7v2/${path}: ${text}`).to.equal(status);
  return JSON.parse(text) as T;
}

/** The inbox entry of `controlId` (from the first 1000 entries). */
export async function entryOf(origin: string, controlId: string): Promise<InboxEntryView | undefined> {
  const page = await inboxApi<{ entries: InboxEntryView[] }>(origin, 'inbox?_count=1000');
  return page.entries.find((entry) => entry.controlId === controlId);
}
