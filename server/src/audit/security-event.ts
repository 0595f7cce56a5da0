/**
 * A security event that is not a FHIR interaction: a token issued or refused, a token
 * introspected, a client registered, a request refused before the engine (401, 403, 429).
 * The audit room turns it into a BALP-shaped AuditEvent (FhirEngine.auditSecurity) and appends
 * it to the same chained trail as the interactions' events.
 */
export interface SecurityAuditInput {
  kind:
    | 'token-issued'
    | 'token-refused'
    | 'token-introspected'
    | 'client-registered'
    /** A new signing key generation of our authorization server (`what`: its kid; `clientId`: the admin). */
    | 'signing-key-rotated'
    | 'client-removed'
    | 'access-denied'
    /** The HL7 v2 inbox (raw messages, PHI) read, or entries replayed: not FHIR resources, audited here. */
    | 'hl7-inbox-read'
    | 'hl7-inbox-replay';
  /** The HTTP status answered (decides AuditEvent.outcome). */
  status: number;
  recorded: Date;
  requestId: string;
  remoteAddress?: string;
  /** The client as far as known (a refused assertion may name one that does not exist). */
  clientId?: string;
  /** client-registered / client-removed: the client registered or removed; `clientId` is the admin who did it. */
  targetClientId?: string;
  /** Patients the event concerns, `Patient/id`: a client's fixed patient context, the patients of HL7 messages read. */
  patients?: string[];
  /** hl7-inbox-read / hl7-inbox-replay: the ids of the inbox entries read or replayed. */
  inboxEntries?: string[];
  userId?: string;
  /** The `jti` of the token issued or introspected, never the token. */
  tokenId?: string;
  /** Scopes granted or asked for. */
  scope?: string;
  /** What was touched, for the entity (`hl7v2/inbox/<id>`, `hl7v2/dead-letters?status=…`); never PHI. */
  what?: string;
  /** The OAuth error or refusal reason (`invalid_client`, `expired token`), no PHI, no secrets. */
  failure?: string;
}
