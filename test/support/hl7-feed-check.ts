// What the server must hold after a feed of `hl7-feed.ts`, checked in the database through the API
// (not from the ACKs): each message once in the inbox, processed with AA; one Patient per PID-3
// identifier with the last demographics; one Encounter, one DiagnosticReport and no duplicate
// Observation per patient; one Practitioner for the doctor all lanes share; exactly one Provenance per message, tagged with its inbox entry
// (adapters/src/pipeline/message-reference.ts: `urn:nexushealth:hl7v2:message|<entry id>`).
import type { Resource, ResourceType } from '@medplum/fhirtypes';
import type { FhirClient } from '@nexushealth/sdk';
import { ATTENDING_ID, type FeedLane } from './hl7-feed.js';
import type { InboxEntryView } from './hl7-http.js';
import { authorizationFor } from './server-credentials.js';

const MESSAGE_TAG_SYSTEM = 'urn:nexushealth:hl7v2:message';

/** Every inbox entry, page after page (GET /hl7v2/inbox, `after` = the last seq of a full page). */
export async function inboxEntries(origin: string): Promise<InboxEntryView[]> {
  const entries: InboxEntryView[] = [];
  for (let after: number | undefined = 0; after !== undefined;) {
    const response = await fetch(`${origin}/hl7v2/inbox?_count=1000&after=${after}`, {
      headers: await authorizationFor(origin),
    });
    if (response.status !== 200) throw new Error(`GET /hl7v2/inbox: ${response.status} ${await response.text()}`);
    const page = (await response.json()) as { entries: InboxEntryView[]; next?: number };
    entries.push(...page.entries);
    after = page.next;
  }
  return entries;
}

/** The inbox entries of the feed's messages that are not yet final (for waiting on recovery). */
export async function pendingOfFeed(origin: string, lanes: readonly FeedLane[]): Promise<number> {
  const ids = new Set(lanes.flatMap((l) => l.messages.map((m) => m.controlId)));
  const entries = (await inboxEntries(origin)).filter((e) => e.controlId !== undefined && ids.has(e.controlId));
  return ids.size - entries.filter((e) => e.status === 'processed').length;
}

/** Every way the stored state differs from what the feed must leave; empty when it is exactly right. */
export async function feedProblems(client: FhirClient, origin: string, lanes: readonly FeedLane[]): Promise<string[]> {
  const problems: string[] = [];
  const entryIds = await inboxProblems(origin, lanes, problems);
  const patients = await all(client, 'Patient');
  const byIdentifier = new Map<string, Resource[]>();
  for (const patient of patients) {
    for (const id of patient.resourceType === 'Patient' ? (patient.identifier ?? []) : []) {
      const key = `${id.system ?? ''}|${id.value ?? ''}`;
      byIdentifier.set(key, [...(byIdentifier.get(key) ?? []), patient]);
    }
  }
  const perPatient = await Promise.all(
    (['Encounter', 'DiagnosticReport', 'Observation'] as const).map(async (type) => ({
      type,
      counts: countBy(await all(client, type), subjectOf),
    })),
  );
  for (const lane of lanes) {
    const key = `${lane.identifier.system}|${lane.identifier.value}`;
    const found = byIdentifier.get(key) ?? [];
    if (found.length !== 1) {
      problems.push(`Patient?identifier=${key}: ${found.length} Patients`);
      continue;
    }
    const patient = found[0]!;
    const family = patient.resourceType === 'Patient' ? patient.name?.[0]?.family : undefined;
    if (family !== lane.finalFamily)
      problems.push(`${key}: family ${family ?? '(none)'}, the last A08 says ${lane.finalFamily}`);
    const expected = { Encounter: 1, DiagnosticReport: 1, Observation: lane.observations };
    for (const { type, counts } of perPatient) {
      const n = counts.get(`Patient/${patient.id ?? ''}`) ?? 0;
      if (n !== expected[type]) problems.push(`${key}: ${n} ${type}, expected ${expected[type]}`);
    }
  }
  // Every lane names the same attending doctor (PV1-7): a conditional create that must stay one.
  const doctors = (await all(client, 'Practitioner')).filter(
    (p) => p.resourceType === 'Practitioner' && p.identifier?.some((i) => i.value === ATTENDING_ID),
  );
  if (doctors.length !== 1) problems.push(`Practitioner ${ATTENDING_ID} (PV1-7): ${doctors.length}, expected 1`);
  const provenances = countBy(await all(client, 'Provenance'), messageTagOf);
  for (const [controlId, entryId] of entryIds) {
    const n = provenances.get(entryId) ?? 0;
    if (n !== 1) problems.push(`${controlId}: ${n} Provenance tagged ${MESSAGE_TAG_SYSTEM}|${entryId}, expected 1`);
  }
  return problems;
}

/** Each message once in the inbox, processed with AA; answers control id → entry id. */
async function inboxProblems(
  origin: string,
  lanes: readonly FeedLane[],
  problems: string[],
): Promise<Map<string, string>> {
  const byControlId = new Map<string, InboxEntryView[]>();
  for (const entry of await inboxEntries(origin)) {
    if (entry.controlId === undefined) continue;
    byControlId.set(entry.controlId, [...(byControlId.get(entry.controlId) ?? []), entry]);
  }
  const entryIds = new Map<string, string>();
  for (const { controlId } of lanes.flatMap((l) => l.messages)) {
    const entries = byControlId.get(controlId) ?? [];
    if (entries.length !== 1) problems.push(`${controlId}: ${entries.length} inbox entries, expected 1`);
    const entry = entries[0];
    if (entry === undefined) continue;
    entryIds.set(controlId, entry.id);
    if (entry.status !== 'processed' || entry.ackCode !== 'AA')
      problems.push(`${controlId}: inbox ${entry.status} ${entry.ackCode ?? ''} ${JSON.stringify(entry.errors)}`);
  }
  return entryIds;
}

async function all(client: FhirClient, type: ResourceType): Promise<Resource[]> {
  const resources: Resource[] = [];
  for await (const resource of client.searchAll(type, [['_count', '500']])) resources.push(resource);
  return resources;
}

function countBy(resources: readonly Resource[], keyOf: (r: Resource) => string | undefined): Map<string, number> {
  const counts = new Map<string, number>();
  for (const resource of resources) {
    const key = keyOf(resource);
    if (key !== undefined) counts.set(key, (counts.get(key) ?? 0) + 1);
  }
  return counts;
}

function subjectOf(resource: Resource): string | undefined {
  return 'subject' in resource ? (resource.subject as { reference?: string } | undefined)?.reference : undefined;
}

function messageTagOf(resource: Resource): string | undefined {
  return resource.meta?.tag?.find((t) => t.system === MESSAGE_TAG_SYSTEM)?.code;
}
