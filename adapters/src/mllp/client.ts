import { connect, type Socket } from 'node:net';
import { connect as connectTls } from 'node:tls';
import { decodeHl7 } from '../hl7/decode.js';
import { MllpDecoder } from './decoder.js';
import { encodeMllpFrame } from './frame.js';

export interface MllpClientOptions {
  /** How long to wait for each answer; default 10 s. */
  readonly timeoutMs?: number;
  /** Largest answer accepted; default 1 MiB. */
  readonly maxFrameBytes?: number;
  /** The local address to connect from (a multi-homed sender; tests of a peer allow-list). */
  readonly localAddress?: string;
  /**
   * Connect with TLS: `ca` the server certificates to trust (default: the system's), `cert`/`key` a
   * client certificate for mutual TLS, `servername` for SNI and the host name check.
   */
  readonly tls?: {
    readonly ca?: string | Buffer;
    readonly cert?: string | Buffer;
    readonly key?: string | Buffer;
    readonly servername?: string;
  };
}

interface Waiter {
  readonly resolve: (reply: string) => void;
  readonly reject: (error: Error) => void;
  readonly timer: NodeJS.Timeout;
}

/**
 * A small MLLP sender for tests and scripts, over TCP or TLS: one connection, opened on first use and reused; messages are
 * answered in order, so replies are matched first-in first-out. A timeout or a broken connection fails
 * every waiting send and drops the connection (the next send reconnects).
 */
export class MllpClient {
  private socket: Socket | undefined;
  /** The connection being opened, shared so that sends issued together use one connection. */
  private connecting: Promise<Socket> | undefined;
  private waiting: Waiter[] = [];

  constructor(
    private readonly port: number,
    private readonly host = '127.0.0.1',
    private readonly options: MllpClientOptions = {},
  ) {}

  /** Sends a message (text as UTF-8, bytes as they are) and resolves with the answer, decoded by its MSH-18. */
  async send(raw: string | Uint8Array): Promise<string> {
    const socket = await this.connection();
    return new Promise((resolve, reject) => {
      const timer = setTimeout(
        () => this.fail(new Error(`no MLLP answer within ${this.options.timeoutMs ?? 10_000} ms`)),
        this.options.timeoutMs ?? 10_000,
      );
      this.waiting.push({ resolve, reject, timer });
      socket.write(encodeMllpFrame(raw));
    });
  }

  /** Writes raw bytes as they are (framing included or not): for testing how a server copes. */
  async sendBytes(bytes: Buffer): Promise<void> {
    const socket = await this.connection();
    await new Promise<void>((resolve, reject) => socket.write(bytes, (e) => (e ? reject(e) : resolve())));
  }

  /** The next answer, for use after `sendBytes`. */
  nextReply(): Promise<string> {
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => this.fail(new Error('no MLLP answer in time')), this.options.timeoutMs ?? 10_000);
      this.waiting.push({ resolve, reject, timer });
    });
  }

  close(): Promise<void> {
    const socket = this.socket;
    this.socket = undefined;
    this.connecting = undefined;
    if (socket === undefined || socket.destroyed) return Promise.resolve();
    return new Promise((resolve) => socket.end(() => resolve()));
  }

  private connection(): Promise<Socket> {
    if (this.socket !== undefined) return Promise.resolve(this.socket);
    this.connecting ??= this.open().finally(() => (this.connecting = undefined));
    return this.connecting;
  }

  private open(): Promise<Socket> {
    return new Promise((resolve, reject) => {
      const decoder = new MllpDecoder(this.options.maxFrameBytes ?? 1024 * 1024);
      const onConnect = (): void => {
        socket.off('error', reject);
        socket.on('error', (error) => this.socket === socket && this.fail(error));
        this.socket = socket;
        resolve(socket);
      };
      const { tls, localAddress } = this.options;
      const target = { port: this.port, host: this.host, ...(localAddress === undefined ? {} : { localAddress }) };
      const socket: Socket =
        tls === undefined ? connect(target, onConnect) : connectTls({ ...target, ...tls }, onConnect);
      socket.once('error', reject);
      socket.on('close', () => this.socket === socket && this.fail(new Error('MLLP connection closed')));
      socket.on('data', (chunk) => {
        for (const event of decoder.push(chunk)) {
          if (event.kind === 'oversize') return this.fail(new Error('MLLP answer too large'));
          const waiter = this.waiting.shift();
          if (waiter !== undefined) {
            clearTimeout(waiter.timer);
            waiter.resolve(decodeReply(event.payload));
          }
        }
      });
    });
  }

  private fail(error: Error): void {
    const waiting = this.waiting;
    this.waiting = [];
    for (const w of waiting) {
      clearTimeout(w.timer);
      w.reject(error);
    }
    this.socket?.destroy();
    this.socket = undefined;
  }
}

/** An answer in the character set its MSH-18 names; bytes that do not decode are read as UTF-8. */
function decodeReply(payload: Buffer): string {
  try {
    return decodeHl7(payload).text;
  } catch {
    return payload.toString('utf8');
  }
}
