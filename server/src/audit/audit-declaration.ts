import { AUDIT_CHAIN_URL } from './chain-extension.js';
import { AUDIT_SUBMITTER_URL } from './submitter-extension.js';

/**
 * What the CapabilityStatement says of AuditEvent (rest.resource.documentation), where R4 has
 * no element for it: append-only, hash-chained, how to verify.
 */
export const AUDIT_EVENT_DOCUMENTATION = [
  'Append-only: AuditEvents are created (by this server for every interaction, denial and token event,',
  'in the shapes of IHE BALP, or by an operator system recording its own: a client with the auditor or',
  'admin role and no patient context, such as the HL7 v2 worker) and never changed or deleted: update,',
  'patch, delete, their conditional variants and $meta-add/$meta-delete are refused for everyone with 405,',
  'in Bundles too. Reads need the auditor or admin role. Each AuditEvent carries, in the extension',
  `${AUDIT_CHAIN_URL}, its sequence number, the previous event's hash and its own: SHA-256 (hex) of its`,
  'canonical JSON (RFC 8785) without that hash and without meta.versionId/meta.lastUpdated; an extension',
  'of that URL sent by a client is replaced. An AuditEvent created through the API carries, in the',
  `extension ${AUDIT_SUBMITTER_URL}, who submitted it, set by the server from the access token`,
  '(client, user, token jti, address, time received) whatever its agent, source and recorded say; one',
  'sent by the client is replaced, and the server’s own events never carry it. AuditEvent/$verify-chain (auditor, admin) and',
  '`npm run audit:verify` walk the chain and report the first break (altered, missing, out-of-order).',
].join(' ');
