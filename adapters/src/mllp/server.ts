import { createServer, type AddressInfo, type Server, type Socket } from 'node:net';
import { createServer as createTlsServer, type TLSSocket } from 'node:tls';
import { buildRejectAck } from '../ack/reject-ack.js';
import { MllpDecoder } from './decoder.js';
import { encodeMllpFrame } from './frame.js';
import { subjectAllowed, type MllpTlsOptions } from './tls-options.js';

/** Who sent a block: the transport and the peer's address (for the inbox and the AuditEvent). */
export interface MllpSender {
  readonly transport: 'mllp';
  readonly address?: string;
}

/**
 * What the server does with one block: its payload as received (bytes; the handler decodes by MSH-18)
 * → the answer (bytes as they are, text as UTF-8), or undefined to send none (enhanced mode, MSH-15 NE).
 */
export type MllpHandler = (payload: Buffer, sender: MllpSender) => Promise<Uint8Array | string | undefined>;

/**
 * A connection the listener did not take: closed before any message of it was read (no ACK, nothing
 * stored). For the log and the audit trail: the peer's address and why, never anything it sent.
 */
export interface MllpRefusal {
  readonly address?: string;
  readonly reason: 'peer-not-allowed' | 'tls-handshake-failed' | 'certificate-subject-not-allowed';
  /** The TLS error code of a failed handshake (`ERR_SSL_PEER_DID_NOT_RETURN_A_CERTIFICATE`). */
  readonly detail?: string;
}

export interface MllpServerOptions {
  /** Largest block accepted; a larger one is answered with an AR and the connection is closed. Default 1 MiB. */
  readonly maxFrameBytes?: number;
  /** Told about handler failures (for logs: log ids, never the message). */
  readonly onError?: (error: unknown) => void;
  /**
   * A connection silent this long is closed once its messages are answered, so idle or
   * abandoned peers cannot pile up connections. Default 10 minutes; senders reconnect at will.
   */
  readonly idleTimeoutMs?: number;
  /** Listen with TLS (mutual when `ca` is given); plain TCP without. */
  readonly tls?: MllpTlsOptions;
  /**
   * Whether to take a connection from this remote address (as the socket has it: `::ffff:a.b.c.d`
   * on a dual-stack listener); a refused one is closed at once. Default: every peer.
   */
  readonly acceptPeer?: (address: string) => boolean;
  /** Told about each connection refused (a peer not allowed, a failed TLS handshake, a subject not allowed). */
  readonly onRefused?: (refusal: MllpRefusal) => void;
}

interface Connection {
  readonly socket: Socket;
  /** The chain of this connection's messages: each answered only after the one before, so ACKs stay in order. */
  pending: Promise<void>;
  /** Messages received and not yet answered. */
  queued: number;
}

/** Past this many unanswered messages a connection stops being read until it catches up. */
const MAX_QUEUED = 16;

/**
 * An MLLP listener, over TCP or TLS: de-frames blocks, hands each payload to the handler, writes the
 * handler's answer back framed, in order per connection. When the handler throws (the sink is down), the sender
 * gets an AR with code 207 and no detail, which tells it to try again later (v2.5.1 §2.9.2: AR also
 * covers "the receiving system is down"). `close()` is graceful: stop accepting, let every received
 * message finish and be answered, then close the sockets.
 */
export class MllpServer {
  private readonly server: Server;
  private readonly connections = new Set<Connection>();
  private readonly maxFrameBytes: number;
  /** Each TCP connection's peer, read when it connects: a TLS socket node destroyed no longer has it. */
  private readonly peers = new WeakMap<Socket, string>();
  private closing = false;

  constructor(
    private readonly handler: MllpHandler,
    private readonly options: MllpServerOptions = {},
  ) {
    this.maxFrameBytes = options.maxFrameBytes ?? 1024 * 1024;
    const tls = options.tls;
    this.server =
      tls === undefined
        ? createServer()
        : createTlsServer({
            cert: tls.cert,
            key: tls.key,
            ...(tls.ca === undefined ? {} : { ca: tls.ca }),
            requestCert: tls.requestCert ?? tls.ca !== undefined,
            rejectUnauthorized: true,
          });
    // The peer is screened on the raw TCP connection, before the TLS handshake and before any byte is read.
    this.server.prependListener('connection', (socket: Socket) => this.screen(socket));
    if (tls === undefined) this.server.on('connection', (socket: Socket) => this.accept(socket));
    else this.server.on('secureConnection', (socket: TLSSocket) => this.acceptTls(socket, tls));
    // A failed TLS handshake concerns that peer only. A certificate the CA did not sign is not a TLS error:
    // node destroys the socket after the handshake with `authorizationError` set (the peer sees a hang-up).
    // A peer gone mid-handshake without one (ECONNRESET: a port probe, a connection screened out) was
    // refused nothing.
    this.server.on('tlsClientError', (error: NodeJS.ErrnoException, socket: TLSSocket) => {
      const detail = String(socket.authorizationError ?? error.code);
      if (detail !== 'ECONNRESET') this.refuse(socket, 'tls-handshake-failed', detail);
    });
  }

  /** Starts listening (port 0 picks a free one) and resolves with the port actually bound. */
  listen(port: number, host = '127.0.0.1'): Promise<number> {
    return new Promise((resolve, reject) => {
      this.server.once('error', reject);
      this.server.listen(port, host, () => {
        this.server.off('error', reject);
        resolve((this.server.address() as AddressInfo).port);
      });
    });
  }

  async close(): Promise<void> {
    this.closing = true;
    const stopped = new Promise<void>((resolve) => this.server.close(() => resolve()));
    await Promise.all([...this.connections].map((c) => c.pending));
    for (const c of this.connections) c.socket.end(() => c.socket.destroy());
    await stopped;
  }

  /** Closes at once, unread, a connection from a peer not allowed. */
  private screen(socket: Socket): void {
    const address = socket.remoteAddress;
    if (address !== undefined) this.peers.set(socket, address);
    const accept = this.options.acceptPeer;
    if (accept !== undefined && (address === undefined || !accept(address))) this.refuse(socket, 'peer-not-allowed');
  }

  /** Mutual TLS with a subject allow-list: the certificate is valid (the handshake checked it), its subject must be listed. */
  private acceptTls(socket: TLSSocket, tls: MllpTlsOptions): void {
    if (tls.allowedSubjects !== undefined && !subjectAllowed(socket.getPeerCertificate(), tls.allowedSubjects))
      this.refuse(socket, 'certificate-subject-not-allowed');
    else this.accept(socket);
  }

  private refuse(socket: Socket, reason: MllpRefusal['reason'], detail?: string): void {
    const address = socket.remoteAddress ?? this.peers.get(tcpConnectionOf(socket));
    socket.destroy();
    this.options.onRefused?.({
      reason,
      ...(address === undefined ? {} : { address }),
      ...(detail === undefined ? {} : { detail }),
    });
  }

  private accept(socket: Socket): void {
    if (socket.destroyed) return;
    const connection: Connection = { socket, pending: Promise.resolve(), queued: 0 };
    const decoder = new MllpDecoder(this.maxFrameBytes);
    this.connections.add(connection);
    socket.on('close', () => this.connections.delete(connection));
    socket.on('error', (error) => this.options.onError?.(error));
    socket.setTimeout(this.options.idleTimeoutMs ?? 10 * 60_000);
    socket.on('timeout', () => void connection.pending.then(() => socket.end()));
    socket.on('data', (chunk) => {
      if (this.closing) return;
      for (const event of decoder.push(chunk)) {
        connection.queued += 1;
        const step =
          event.kind === 'frame'
            ? () => this.answer(socket, event.payload)
            : () => this.refuseOversize(socket, event.head);
        connection.pending = connection.pending.then(step).finally(() => this.dequeue(connection));
      }
      // Backpressure: a peer that streams without reading its ACKs must not fill the heap.
      if (connection.queued > MAX_QUEUED) socket.pause();
    });
  }

  private dequeue(connection: Connection): void {
    connection.queued -= 1;
    if (connection.queued <= MAX_QUEUED / 2 && connection.socket.isPaused()) connection.socket.resume();
  }

  private async answer(socket: Socket, payload: Buffer): Promise<void> {
    let reply: Uint8Array | string | undefined;
    try {
      const address = socket.remoteAddress;
      reply = await this.handler(
        payload,
        address === undefined ? { transport: 'mllp' } : { transport: 'mllp', address },
      );
    } catch (error) {
      this.options.onError?.(error);
      const text = 'the message could not be processed now; send it again later';
      reply = buildRejectAck(payload.toString('latin1'), { code: '207', text });
    }
    if (reply !== undefined && !socket.destroyed) socket.write(encodeMllpFrame(reply));
  }

  /**
   * AR answering the MSH of the block's first bytes (MSA-2 = its MSH-10, so the sender can correlate it),
   * code 102 rather than 207: the same bytes sent again would be refused again (v2.5.1 §2.9.2, table 0357).
   */
  private refuseOversize(socket: Socket, head: Buffer): void {
    const text = `the message exceeds the MLLP block limit of ${this.maxFrameBytes} bytes; not taken`;
    const ack = buildRejectAck(head.toString('latin1'), { code: '102', text });
    if (!socket.destroyed) socket.end(encodeMllpFrame(ack));
  }
}

/**
 * The TCP connection under a TLS socket (itself for a plain one): node keeps it as `_parent` and
 * offers no public way to it, and a TLS socket destroyed after the handshake (a client certificate
 * refused) has lost its own `remoteAddress`.
 */
function tcpConnectionOf(socket: Socket): Socket {
  return (socket as Socket & { _parent?: Socket })._parent ?? socket;
}
