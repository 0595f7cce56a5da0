import type { Logger } from '../interactions/engine-context.js';

type Level = 'info' | 'warn' | 'error';

/**
 * Structured JSON lines on stdout/stderr. Callers pass ids and codes, never PHI: no names,
 * no resource values, no query strings. Errors are reduced to their name, code and stack
 * frames: never their message, which may echo what caused them (a driver's duplicate-key
 * error quotes the key's value, a parser quotes its input, a diagnostic quotes a search value).
 */
export class JsonLogger implements Logger {
  constructor(private readonly base: Record<string, unknown> = {}) {}

  info(message: string, fields?: Record<string, unknown>): void {
    this.write('info', message, fields);
  }

  warn(message: string, fields?: Record<string, unknown>): void {
    this.write('warn', message, fields);
  }

  error(message: string, fields?: Record<string, unknown>): void {
    this.write('error', message, fields);
  }

  private write(level: Level, message: string, fields: Record<string, unknown> = {}): void {
    const line = JSON.stringify(
      { time: new Date().toISOString(), level, message, ...this.base, ...fields },
      errorReplacer,
    );
    (level === 'info' ? process.stdout : process.stderr).write(`${line}\n`);
  }
}

function errorReplacer(_key: string, value: unknown): unknown {
  if (!(value instanceof Error)) return value;
  const { code, codeName } = value as { code?: unknown; codeName?: unknown };
  const frames = value.stack
    ?.split('\n')
    .filter((line) => line.trimStart().startsWith('at '))
    .map((line) => line.trim());
  return { name: value.name, code, codeName, frames, cause: value.cause };
}

/**
 * An error reduced to its name and where it was thrown, for errors whose message may carry
 * message content (a library that echoes its input, e.g. an HL7v2 message, into the message).
 */
export function withoutMessage(error: unknown): { name: string; at?: string } {
  if (!(error instanceof Error)) return { name: typeof error };
  const at = error.stack?.split('\n').find((line) => line.trimStart().startsWith('at '));
  return at === undefined ? { name: error.name } : { name: error.name, at: at.trim() };
}
