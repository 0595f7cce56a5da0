#!/usr/bin/env node
// Starts FerretDB (SQLite handler) and Redis on free loopback ports with their data in a fresh
// temporary folder, runs a command with TEST_MONGODB_URL / TEST_REDIS_URL set, then stops exactly
// the processes it started (by recorded PID), removes the folder and exits with the command's code.
//
//   node scripts/with-services.mjs -- <command> [args...]   run a command against the services
//   node scripts/with-services.mjs                          keep them up in the foreground (Ctrl-C)
//
// Env: SERVICES_DIR (binaries, default <repo>/.services), SERVICES_START_TIMEOUT_MS (default 30000),
// SERVICES_STOP_GRACE_MS (default 5000), SERVICES_KEEP_DATA=1 (keep the temp folder, for debugging).
// If TEST_MONGODB_URL and TEST_REDIS_URL are both already set, those services are used as they are.
import { spawn, spawnSync } from 'node:child_process';
import { once } from 'node:events';
import { closeSync, existsSync, mkdirSync, mkdtempSync, openSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { fileURLToPath } from 'node:url';

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const servicesDir = process.env.SERVICES_DIR ?? path.join(repoRoot, '.services');
const ferretdbBin = path.join(servicesDir, 'bin', 'ferretdb');
const startTimeoutMs = Number(process.env.SERVICES_START_TIMEOUT_MS ?? 30_000);
const stopGraceMs = Number(process.env.SERVICES_STOP_GRACE_MS ?? 5_000);

const log = (msg) => process.stderr.write(`[with-services] ${msg}\n`);

/** @type {{ name: string, child: import('node:child_process').ChildProcess, logFile: string, exited: boolean }[]} */
const services = [];
let tmpDir;
let command; // the ChildProcess of the user's command, once started
let stopping = false;

main().catch(async (err) => {
  log(`error: ${err instanceof Error ? err.message : String(err)}`);
  await stopAll();
  process.exit(1);
});

async function main() {
  const sep = process.argv.indexOf('--');
  const argv = sep === -1 ? process.argv.slice(2) : process.argv.slice(sep + 1);
  if (sep === -1 && argv.length > 0) throw new Error('usage: with-services.mjs [-- <command> [args...]]');

  process.on('SIGINT', () => onSignal('SIGINT'));
  process.on('SIGTERM', () => onSignal('SIGTERM'));
  process.on('SIGHUP', () => onSignal('SIGHUP'));
  // Last resort if something throws past us: never leave a service running.
  process.on('exit', killAllSync);

  let env = process.env;
  if (process.env.TEST_MONGODB_URL && process.env.TEST_REDIS_URL) {
    log(`using the services already given: ${process.env.TEST_MONGODB_URL} ${process.env.TEST_REDIS_URL}`);
  } else {
    env = { ...process.env, ...(await startServices()) };
  }

  if (argv.length === 0) {
    process.stdout.write(
      `FerretDB and Redis are up (Ctrl-C stops them and deletes their data):\n` +
        `export TEST_MONGODB_URL=${env.TEST_MONGODB_URL}\nexport TEST_REDIS_URL=${env.TEST_REDIS_URL}\n`,
    );
    await new Promise(() => {}); // until a signal arrives
  }

  command = spawn(argv[0], argv.slice(1), { stdio: 'inherit', env });
  const [code, signal] = await Promise.race([
    once(command, 'exit'),
    once(command, 'error').then(([e]) => {
      throw e;
    }),
  ]);
  await stopAll();
  process.exit(code ?? 128 + (os.constants.signals[signal] ?? 1));
}

async function startServices() {
  const started = Date.now();
  install();
  tmpDir = mkdtempSync(path.join(os.tmpdir(), 'nexus-services-'));
  const ferretData = path.join(tmpDir, 'ferretdb');
  const redisData = path.join(tmpDir, 'redis');
  mkdirSync(ferretData);
  mkdirSync(redisData);
  const [mongoPort, redisPort] = await freePorts(2);

  startService('ferretdb', ferretdbBin, [
    '--handler=sqlite',
    `--sqlite-url=file:${ferretData}/`,
    `--state-dir=${ferretData}`,
    `--listen-addr=127.0.0.1:${mongoPort}`,
    '--debug-addr=-',
    '--telemetry=disable',
    '--log-level=warn',
  ]);
  startService('redis', 'redis-server', [
    '--port',
    String(redisPort),
    '--bind',
    '127.0.0.1',
    '--dir',
    redisData,
    '--save',
    '',
    '--appendonly',
    'no',
    '--daemonize',
    'no',
    '--protected-mode',
    'yes',
    '--loglevel',
    'warning',
  ]);

  const mongodbUrl = `mongodb://127.0.0.1:${mongoPort}/`;
  const redisUrl = `redis://127.0.0.1:${redisPort}`;
  await Promise.all([
    waitReady('ferretdb', mongoPort, () => pingMongo(mongodbUrl)),
    waitReady('redis', redisPort, () => pingRedis(redisPort)),
  ]);
  log(`FerretDB ${mongodbUrl} and Redis ${redisUrl} ready in ${Date.now() - started} ms (data in ${tmpDir})`);
  return { TEST_MONGODB_URL: mongodbUrl, TEST_REDIS_URL: redisUrl };
}

function install() {
  const run = (script) => {
    const r = spawnSync('bash', [path.join(repoRoot, 'scripts', 'services', script)], { stdio: 'inherit' });
    if (r.status !== 0) throw new Error(`scripts/services/${script} failed (exit ${r.status ?? r.signal})`);
  };
  run('install-ferretdb.sh'); // fast no-op when the binary is there
  if (spawnSync('redis-server', ['--version'], { stdio: 'ignore' }).status !== 0) run('install-redis.sh');
}

/** Free loopback ports: bind port 0, read the port, close. All held at once so they differ. */
async function freePorts(n) {
  const servers = await Promise.all(
    Array.from({ length: n }, async () => {
      const s = net.createServer();
      s.listen(0, '127.0.0.1');
      await once(s, 'listening');
      return s;
    }),
  );
  const ports = servers.map((s) => s.address().port);
  await Promise.all(servers.map((s) => new Promise((resolve) => s.close(resolve))));
  return ports;
}

function startService(name, bin, args) {
  const logFile = path.join(tmpDir, `${name}.log`);
  const fd = openSync(logFile, 'a');
  const child = spawn(bin, args, { stdio: ['ignore', fd, fd], detached: false });
  closeSync(fd);
  const entry = { name, child, logFile, exited: false };
  services.push(entry);
  child.on('error', (err) => {
    entry.exited = true;
    entry.error = err;
  });
  child.on('exit', (code, signal) => {
    entry.exited = true;
    if (!stopping && command)
      log(`${name} (pid ${child.pid}) exited unexpectedly (${code ?? signal})\n${tail(logFile)}`);
  });
  if (child.pid !== undefined) writeFileSync(path.join(tmpDir, `${name}.pid`), `${child.pid}\n`);
}

async function waitReady(name, port, ping) {
  const entry = services.find((s) => s.name === name);
  const deadline = Date.now() + startTimeoutMs;
  let lastError = 'no answer yet';
  while (Date.now() < deadline) {
    if (entry.exited) {
      throw new Error(
        `${name} exited before it was ready${entry.error ? `: ${entry.error.message}` : ''}\n${tail(entry.logFile)}`,
      );
    }
    try {
      await tcpConnect(port);
      await ping();
      return;
    } catch (err) {
      lastError = err instanceof Error ? err.message : String(err);
    }
    await sleep(100);
  }
  throw new Error(
    `${name} did not answer on 127.0.0.1:${port} within ${startTimeoutMs} ms (${lastError})\n${tail(entry.logFile)}`,
  );
}

function tcpConnect(port) {
  return new Promise((resolve, reject) => {
    const socket = net.connect({ host: '127.0.0.1', port });
    socket.setTimeout(1000, () => socket.destroy(new Error('connect timeout')));
    socket.once('connect', () => {
      socket.end();
      resolve();
    });
    socket.once('error', reject);
  });
}

async function pingMongo(url) {
  const { MongoClient } = await import('mongodb');
  const client = new MongoClient(url, { serverSelectionTimeoutMS: 1000, connectTimeoutMS: 1000 });
  try {
    await client.db('admin').command({ ping: 1 });
  } finally {
    await client.close();
  }
}

function pingRedis(port) {
  return new Promise((resolve, reject) => {
    const socket = net.connect({ host: '127.0.0.1', port });
    let reply = '';
    socket.setTimeout(1000, () => socket.destroy(new Error('PING timeout')));
    socket.once('connect', () => socket.write('PING\r\n'));
    socket.on('data', (chunk) => {
      reply += chunk.toString('utf8');
      if (!reply.includes('\r\n')) return;
      socket.end();
      if (reply.startsWith('+PONG')) resolve();
      else reject(new Error(`unexpected PING reply ${JSON.stringify(reply.trim())}`)); // e.g. -LOADING
    });
    socket.once('error', reject);
  });
}

function onSignal(signal) {
  if (command && command.exitCode === null && command.signalCode === null) {
    // The command decides how to end; main() stops the services once it has exited.
    command.kill(signal);
    return;
  }
  void stopAll().then(() => process.exit(128 + os.constants.signals[signal]));
}

/** SIGTERM each recorded PID, SIGKILL what is still alive after the grace period, remove the folder. */
async function stopAll() {
  if (stopping) return;
  stopping = true;
  await Promise.all(
    services.map(async ({ child, name }) => {
      if (child.exitCode !== null || child.signalCode !== null || child.pid === undefined) return;
      const exited = once(child, 'exit');
      child.kill('SIGTERM');
      const done = await Promise.race([exited.then(() => true), sleep(stopGraceMs).then(() => false)]);
      if (!done) {
        log(`${name} (pid ${child.pid}) ignored SIGTERM for ${stopGraceMs} ms; sending SIGKILL`);
        child.kill('SIGKILL');
        await exited;
      }
    }),
  );
  removeTmp();
}

function killAllSync() {
  for (const { child } of services) {
    if (child.exitCode === null && child.signalCode === null && child.pid !== undefined) {
      try {
        process.kill(child.pid, 'SIGKILL');
      } catch {
        // already gone
      }
    }
  }
  removeTmp();
}

function removeTmp() {
  if (!tmpDir || !existsSync(tmpDir)) return;
  if (process.env.SERVICES_KEEP_DATA === '1') {
    log(`kept ${tmpDir}`);
    return;
  }
  rmSync(tmpDir, { recursive: true, force: true });
}

function tail(file, lines = 20) {
  try {
    const text = readFileSync(file, 'utf8').trimEnd();
    return text
      ? `--- last lines of ${path.basename(file)} ---\n${text.split('\n').slice(-lines).join('\n')}`
      : '(no log output)';
  } catch {
    return '(no log file)';
  }
}
