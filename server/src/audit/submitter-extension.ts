import type { AuditEvent, Extension } from '@medplum/fhirtypes';
import type { RequestActor } from './audit-event.js';
import { NEXUS_NAMESPACE } from './balp-codes.js';

/**
 * The extension that says who submitted an AuditEvent through the API (IHE BALP: an audit
 * repository records what others send, but the trail must tell their events from the server's
 * own). The server's own events never carry it; on every event created through the API the
 * server sets it from the access token — whatever `agent`, `source` or `recorded` the event
 * claims — and any copy the client sent is replaced, so a forged event cannot pass as
 * server-made nor name another submitter.
 */
export const AUDIT_SUBMITTER_URL = `${NEXUS_NAMESPACE}/StructureDefinition/audit-submitter`;

/**
 * The event as submitted by `actor` at `received`: `client` (its OAuth client id, or
 * `unauthenticated (AUTH_MODE=off)`), `user`, `token` (the token's jti, never the token),
 * `address` and `received` (the server's clock).
 */
export function withSubmitter(event: AuditEvent, actor: RequestActor, received: Date): AuditEvent {
  const { access } = actor;
  const parts: Extension[] = [
    {
      url: 'client',
      valueString: access.clientId ?? (access.mode === 'off' ? 'unauthenticated (AUTH_MODE=off)' : 'anonymous'),
    },
  ];
  if (access.userId !== undefined) parts.push({ url: 'user', valueString: access.userId });
  if (access.tokenId !== undefined)
    parts.push({ url: 'token', valueString: `urn:ietf:params:oauth:jti:${access.tokenId}` });
  if (actor.remoteAddress !== undefined) parts.push({ url: 'address', valueString: actor.remoteAddress });
  parts.push({ url: 'received', valueInstant: received.toISOString() });
  const others = (event.extension ?? []).filter((extension) => extension.url !== AUDIT_SUBMITTER_URL);
  return { ...event, extension: [...others, { url: AUDIT_SUBMITTER_URL, extension: parts }] };
}
