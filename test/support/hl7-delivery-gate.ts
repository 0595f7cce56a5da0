// A stand-in for the FHIR server HL7 v2 workers deliver to (DELIVERY_URL): while closed it answers
// 503 as a server that is down would, once opened it passes every request through to the real API.
// The end-to-end suites make messages dead-letter with it and then bring "the sink back".
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

export class DeliveryGate {
  private readonly server: Server;
  private target: string | undefined;
  /** Requests answered 503 while closed (the workers' attempts). */
  refused = 0;
  /**
   * Runs once the FHIR server has answered a passed-through request and before the answer is
   * relayed: a fault test kills the worker here, after its transaction committed and before the
   * worker could record the outcome.
   */
  onAnswered: ((method: string, url: string, status: number) => Promise<void>) | undefined;
  /** Runs before a request is passed through: a test holds a delivery in flight here. */
  beforeForward: (() => Promise<void>) | undefined;

  private constructor() {
    this.server = createServer((req, res) => void this.handle(req, res));
  }

  static async start(): Promise<DeliveryGate> {
    const gate = new DeliveryGate();
    await new Promise<void>((resolve) => gate.server.listen(0, '127.0.0.1', resolve));
    return gate;
  }

  /** The FHIR base to give the program as DELIVERY_URL. */
  get url(): string {
    return `http://127.0.0.1:${(this.server.address() as AddressInfo).port}/fhir`;
  }

  /** From now on requests go to `origin` (the program's HTTP origin). */
  open(origin: string): void {
    this.target = origin;
  }

  close(): void {
    this.target = undefined;
  }

  stop(): Promise<void> {
    this.server.closeAllConnections();
    return new Promise((resolve) => this.server.close(() => resolve()));
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    if (this.target === undefined) {
      this.refused += 1;
      res.writeHead(503, { 'Content-Type': 'application/fhir+json' });
      res.end(JSON.stringify({ resourceType: 'OperationOutcome', issue: [{ severity: 'error', code: 'transient' }] }));
      return;
    }
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    await this.beforeForward?.();
    const headers = Object.fromEntries(
      Object.entries(req.headers).filter(
        (pair): pair is [string, string] => typeof pair[1] === 'string' && !['host', 'connection'].includes(pair[0]),
      ),
    );
    try {
      const answer = await fetch(`${this.target}${req.url ?? '/'}`, {
        method: req.method ?? 'GET',
        headers,
        ...(chunks.length === 0 ? {} : { body: Buffer.concat(chunks) }),
      });
      const body = Buffer.from(await answer.arrayBuffer());
      await this.onAnswered?.(req.method ?? 'GET', req.url ?? '/', answer.status);
      if (res.destroyed) return;
      res.writeHead(answer.status, {
        'Content-Type': answer.headers.get('content-type') ?? 'application/octet-stream',
      });
      res.end(body);
    } catch {
      res.writeHead(502);
      res.end();
    }
  }
}
