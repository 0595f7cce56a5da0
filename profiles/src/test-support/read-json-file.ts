import { readFileSync } from 'node:fs';
import { gunzipSync } from 'node:zlib';

/** A JSON file from the sample data, gunzipped when its name ends in `.gz`. */
export function readJsonFile(path: string): unknown {
  const bytes = readFileSync(path);
  return JSON.parse((path.endsWith('.gz') ? gunzipSync(bytes) : bytes).toString('utf8'));
}
