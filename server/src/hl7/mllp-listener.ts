import { randomUUID } from 'node:crypto';
import { MllpServer, type MllpHandler, type MllpRefusal } from '@nexushealth/adapters';
import type { SecurityAuditInput } from '../audit/security-event.js';
import type { Hl7Settings } from '../hl7-settings.js';
import type { Logger } from '../interactions/engine-context.js';
import { withoutMessage } from '../logging/json-logger.js';

export interface MllpListenerOptions {
  readonly settings: Hl7Settings;
  readonly host: string;
  readonly port: number;
  readonly receive: MllpHandler;
  readonly logger: Logger;
  /** Where a refused connection is audited (FhirEngine.auditSecurity); unset where no API runs (ROLE=mllp). */
  readonly audit?: (input: SecurityAuditInput) => Promise<void>;
}

/**
 * The MLLP listener (TLS with MLLP_TLS_CERT/KEY, mutual with MLLP_TLS_CA): each message goes to the
 * receiver, which answers it. Only MLLP_ALLOWED_PEERS connect (IHE ITI TF-2 §3.19 ATNA secure node);
 * a refused connection is closed unread, logged as one line with its address (no PHI) and audited.
 */
export async function startMllpListener(options: MllpListenerOptions): Promise<{ server: MllpServer; port: number }> {
  const { settings, logger } = options;
  const { mllpAllowedPeers, mllpTls } = settings;
  const server = new MllpServer(options.receive, {
    maxFrameBytes: settings.mllpMaxFrameBytes,
    ...(mllpTls === undefined ? {} : { tls: mllpTls }),
    acceptPeer: (address) => mllpAllowedPeers.allows(address),
    onRefused: (refusal) => {
      logger.warn('MLLP connection refused', { ...refusal });
      options
        .audit?.(mllpRefusalAudit(refusal, new Date(), randomUUID()))
        .catch((error: unknown) => logger.error('MLLP refusal not audited', { error: withoutMessage(error) }));
    },
    onError: (error) => logger.error('HL7v2 message failed', { error: withoutMessage(error) }),
  });
  const port = await server.listen(options.port, options.host);
  logger.info('MLLP listening', {
    host: options.host,
    port,
    tls: mllpTls === undefined ? 'off' : mllpTls.requestCert ? 'mutual' : 'server',
    allowedPeers: mllpAllowedPeers.entries.join(','),
    audited: options.audit !== undefined,
  });
  return { server, port };
}

/** A refused MLLP connection as a security event: access denied (403 in the table of outcomes), no HTTP request. */
export function mllpRefusalAudit(refusal: MllpRefusal, recorded: Date, requestId: string): SecurityAuditInput {
  const why = refusal.detail === undefined ? refusal.reason : `${refusal.reason} (${refusal.detail})`;
  return {
    kind: 'access-denied',
    status: 403,
    recorded,
    requestId,
    ...(refusal.address === undefined ? {} : { remoteAddress: refusal.address }),
    failure: `MLLP connection refused: ${why}`,
  };
}
