import { createServer, type AddressInfo, type Server, type Socket } from 'node:net';
import { buildRejectAck } from '../ack/reject-ack.js';
import { MllpDecoder } from './decoder.js';
import { encodeMllpFrame } from './frame.js';

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
 * An MLLP listener: de-frames blocks, hands each payload (UTF-8) to the handler, writes the handler's
 * answer back framed, in order per connection. When the handler throws (the sink is down), the sender
 * gets an AR with code 207 and no detail, which tells it to try again later (v2.5.1 §2.9.2: AR also
 * covers "the receiving system is down"). `close()` is graceful: stop accepting, let every received
 * message finish and be answered, then close the sockets.
 */
export class MllpServer {
  private readonly server: Server;
  private readonly connections = new Set<Connection>();
  private readonly maxFrameBytes: number;
  private closing = false;

  constructor(
    private readonly handler: (raw: string) => Promise<string>,
    private readonly options: MllpServerOptions = {},
  ) {
    this.maxFrameBytes = options.maxFrameBytes ?? 1024 * 1024;
    this.server = createServer((socket) => this.accept(socket));
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

  private accept(socket: Socket): void {
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
            ? () => this.answer(socket, event.payload.toString('utf8'))
            : () => this.refuseOversize(socket);
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

  private async answer(socket: Socket, raw: string): Promise<void> {
    let reply: string;
    try {
      reply = await this.handler(raw);
    } catch (error) {
      this.options.onError?.(error);
      reply = buildRejectAck(raw, { code: '207', text: 'the message could not be processed now; send it again later' });
    }
    if (!socket.destroyed) socket.write(encodeMllpFrame(reply));
  }

  private refuseOversize(socket: Socket): void {
    const text = `the MLLP block exceeds ${this.maxFrameBytes} bytes`;
    if (!socket.destroyed) socket.end(encodeMllpFrame(buildRejectAck('', { code: '207', text })));
  }
}
