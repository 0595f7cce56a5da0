import type { SecurityAuditInput } from '../../audit/security-event.js';

/** Where the authorization server's events go (FhirEngine.auditSecurity, wired by app.ts). */
export type SecurityAudit = (input: SecurityAuditInput) => Promise<void>;

/** Who asked, for the audit trail. */
export interface RequestMeta {
  requestId: string;
  remoteAddress?: string;
}

/** The fields every event of the authorization server carries. */
export function eventBase(
  meta: RequestMeta,
  status: number,
  recorded: Date,
  clientId: string | undefined,
): Pick<SecurityAuditInput, 'status' | 'recorded' | 'requestId' | 'remoteAddress' | 'clientId'> {
  return {
    status,
    recorded,
    requestId: meta.requestId,
    ...(meta.remoteAddress === undefined ? {} : { remoteAddress: meta.remoteAddress }),
    // An unverified client id comes from the caller: bounded.
    ...(clientId === undefined ? {} : { clientId: clientId.slice(0, 256) }),
  };
}
