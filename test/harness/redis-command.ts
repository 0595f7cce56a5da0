// A minimal RESP client for harness checks, so the harness depends on no Redis library.
import net from 'node:net';

/** Sends one command (as a RESP array of bulk strings) and resolves with the first reply line. */
export async function redisCommand(redisUrl: string, ...args: string[]): Promise<string> {
  const url = new URL(redisUrl);
  const socket = net.connect({ host: url.hostname, port: Number(url.port || 6379) });
  socket.setTimeout(5000, () => socket.destroy(new Error(`redis ${args[0]}: timeout`)));
  try {
    return await new Promise<string>((resolve, reject) => {
      let reply = '';
      socket.once('error', reject);
      socket.once('connect', () => {
        const parts = args.map((a) => `$${Buffer.byteLength(a)}\r\n${a}\r\n`);
        socket.write(`*${args.length}\r\n${parts.join('')}`);
      });
      socket.on('data', (chunk: Buffer) => {
        reply += chunk.toString('utf8');
        if (!isComplete(reply)) return;
        resolve(reply.startsWith('$') ? (reply.split('\r\n')[1] ?? '') : reply.split('\r\n')[0]!);
      });
    });
  } finally {
    socket.end();
    socket.destroy();
  }
}

/** Simple replies end at the first CRLF; bulk strings after their payload line. */
function isComplete(reply: string): boolean {
  if (!reply.startsWith('$')) return reply.includes('\r\n');
  if (reply.startsWith('$-1\r\n')) return true;
  return reply.split('\r\n').length >= 3;
}
