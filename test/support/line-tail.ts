import type { Readable } from 'node:stream';

/**
 * The last lines a child process wrote, kept in memory so a failed start can show them while a
 * good run stays quiet (the program logs JSON lines; printing them all would drown the test output).
 */
export class LineTail {
  private readonly lines: string[] = [];
  /** An unfinished line per stream, so stdout and stderr never splice into one line. */
  private readonly partial = new Map<string, string>();

  constructor(private readonly keep = 60) {}

  /** Follows a stream (stdout or stderr of the child) until it ends. */
  follow(stream: Readable | null, label: string): void {
    stream?.setEncoding('utf8');
    stream?.on('data', (chunk: string) => this.add(chunk, label));
  }

  /** The kept lines, oldest first, as one block of text. */
  text(): string {
    const unfinished = [...this.partial].filter(([, text]) => text !== '').map(([label, text]) => `${label}| ${text}`);
    return [...this.lines, ...unfinished].join('\n');
  }

  private add(chunk: string, label: string): void {
    const parts = ((this.partial.get(label) ?? '') + chunk).split('\n');
    this.partial.set(label, parts.pop() ?? '');
    for (const line of parts) {
      this.lines.push(`${label}| ${line}`);
      if (this.lines.length > this.keep) this.lines.shift();
    }
  }
}
