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
}
