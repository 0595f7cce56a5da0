// A FerretDB and a Redis of a suite's own, for fault injection: each on a free loopback port with
// its data in a temporary folder, killable with SIGKILL by its recorded PID (never by name: other
// suites share the machine) and restartable on the same port and data. Redis keeps an append-only
// file synced on every write (appendfsync always), so what it acknowledged survives its kill, as a
// production Redis for a queue of record would be configured.
import { type ChildProcess, spawn } from 'node:child_process';
import { once } from 'node:events';
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { MongoClient } from 'mongodb';
import { redisCommand } from '../harness/redis-command.js';
import { freePorts, repoRoot } from '../harness/services.js';
import { LineTail } from './line-tail.js';

const READY_TIMEOUT_MS = 30_000;

/** One service process: its port and data stay the same across kills and restarts. */
export class PrivateService {
  private child: ChildProcess | undefined;
  private readonly tail = new LineTail(30);

  constructor(
    readonly name: string,
    readonly url: string,
    private readonly command: string,
    private readonly args: readonly string[],
    private readonly ping: () => Promise<void>,
  ) {}

  /** The PID of the running process (undefined while it is down). */
  get pid(): number | undefined {
    return this.running() ? this.child?.pid : undefined;
  }

  /** Starts the process and resolves once it answers a ping. */
  async start(): Promise<void> {
    if (this.running()) throw new Error(`${this.name} is already running (pid ${this.child?.pid})`);
    const child = spawn(this.command, this.args, { stdio: ['ignore', 'pipe', 'pipe'] });
    this.tail.follow(child.stdout, 'out');
    this.tail.follow(child.stderr, 'err');
    child.once('error', () => undefined); // reported by waitReady as an early exit
    this.child = child;
    await this.waitReady(child);
  }

  /** SIGKILL to the recorded PID: no shutdown, no flush; resolves once the process is gone. */
  async kill(): Promise<void> {
    const child = this.child;
    if (child === undefined || !this.running()) return;
    const exited = once(child, 'exit');
    process.kill(child.pid!, 'SIGKILL');
    await exited;
  }

  /** Starts again on the same port and data (after `kill`). */
  restart(): Promise<void> {
    return this.start();
  }

  /** SIGTERM (SIGKILL after 5 s) to the recorded PID. */
  async stop(): Promise<void> {
    const child = this.child;
    if (child === undefined || !this.running()) return;
    const exited = once(child, 'exit');
    child.kill('SIGTERM');
    const timer = setTimeout(() => child.kill('SIGKILL'), 5000);
    await exited;
    clearTimeout(timer);
  }

  private running(): boolean {
    return this.child !== undefined && this.child.exitCode === null && this.child.signalCode === null;
  }

  private async waitReady(child: ChildProcess): Promise<void> {
    const deadline = Date.now() + READY_TIMEOUT_MS;
    let last = 'no answer yet';
    while (Date.now() < deadline) {
      if (child.exitCode !== null || child.signalCode !== null || child.pid === undefined)
        throw new Error(`${this.name} exited before it was ready\n${this.tail.text()}`);
      try {
        await this.ping();
        return;
      } catch (error) {
        last = error instanceof Error ? error.message : String(error);
      }
      await sleep(100);
    }
    throw new Error(`${this.name} not ready within ${READY_TIMEOUT_MS} ms (${last})\n${this.tail.text()}`);
  }
}

export interface PrivateServices {
  ferretdb: PrivateService;
  redis: PrivateService;
  /** `mongodb://127.0.0.1:<port>/` */
  mongodbUrl: string;
  /** `redis://127.0.0.1:<port>` */
  redisUrl: string;
  /** Stops both and removes their data. */
  stop(): Promise<void>;
}

/** Starts a FerretDB (SQLite handler, as scripts/with-services.mjs) and a durable Redis of their own. */
export async function startPrivateServices(): Promise<PrivateServices> {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'nexus-private-'));
  const [mongoPort, redisPort] = (await freePorts(2)) as [number, number];
  const ferretdb = ferretDbService(path.join(dir, 'ferretdb'), mongoPort);
  const redis = redisService(path.join(dir, 'redis'), redisPort);
  const stop = async () => {
    await Promise.all([ferretdb.stop(), redis.stop()]);
    rmSync(dir, { recursive: true, force: true });
  };
  try {
    await Promise.all([ferretdb.start(), redis.start()]);
  } catch (error) {
    await stop();
    throw error;
  }
  return { ferretdb, redis, mongodbUrl: ferretdb.url, redisUrl: redis.url, stop };
}

function ferretDbService(data: string, port: number): PrivateService {
  mkdirSync(data);
  const url = `mongodb://127.0.0.1:${port}/`;
  const bin = path.join(process.env.SERVICES_DIR ?? path.join(repoRoot(), '.services'), 'bin', 'ferretdb');
  const args = [
    '--handler=sqlite',
    `--sqlite-url=file:${data}/`,
    `--state-dir=${data}`,
    `--listen-addr=127.0.0.1:${port}`,
    '--debug-addr=-',
    '--telemetry=disable',
    '--log-level=warn',
  ];
  return new PrivateService('ferretdb', url, bin, args, () => pingMongo(url));
}

function redisService(data: string, port: number): PrivateService {
  mkdirSync(data);
  const url = `redis://127.0.0.1:${port}`;
  const args = [
    ...['--port', String(port), '--bind', '127.0.0.1', '--dir', data, '--save', ''],
    ...['--appendonly', 'yes', '--appendfsync', 'always', '--daemonize', 'no', '--loglevel', 'warning'],
  ];
  return new PrivateService('redis', url, 'redis-server', args, async () => {
    const reply = await redisCommand(url, 'PING');
    if (reply !== '+PONG') throw new Error(`PING answered ${reply}`); // e.g. -LOADING while it reads the AOF
  });
}

async function pingMongo(url: string): Promise<void> {
  const client = new MongoClient(url, { serverSelectionTimeoutMS: 1000, connectTimeoutMS: 1000 });
  try {
    await client.db('admin').command({ ping: 1 });
  } finally {
    await client.close();
  }
}
