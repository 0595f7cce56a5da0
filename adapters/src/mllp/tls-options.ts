import type { PeerCertificate } from 'node:tls';

/**
 * MLLP over TLS (HL7 v2 Transport Specification: MLLP R2 leaves security to the layer below; IHE ITI TF-2
 * §3.19 ATNA secure node uses TLS with mutual authentication). PEM contents, not paths.
 */
export interface MllpTlsOptions {
  readonly cert: string | Buffer;
  readonly key: string | Buffer;
  /** Certificates to trust for the peer: with it, the server asks for a client certificate (mutual TLS). */
  readonly ca?: string | Buffer;
  /** Server: ask for a client certificate and refuse a peer without a valid one. Default: `ca` is set. */
  readonly requestCert?: boolean;
  /**
   * Server, mutual TLS: the client certificate's subject common name (CN) must be one of these; a
   * valid certificate of the CA for another subject is refused. Unset: any certificate the CA signed.
   */
  readonly allowedSubjects?: ReadonlySet<string>;
}

/** Whether one of the certificate's subject CNs (a subject may carry several) is allowed. */
export function subjectAllowed(certificate: PeerCertificate, allowed: ReadonlySet<string>): boolean {
  const cn: string | string[] | undefined = certificate.subject?.CN;
  return (Array.isArray(cn) ? cn : cn === undefined ? [] : [cn]).some((name) => allowed.has(name));
}
