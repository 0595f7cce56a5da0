import { readFileSync } from 'node:fs';
import { gunzipSync } from 'node:zlib';
import { tarFiles } from '../definitions/tar-archive.js';

/** The examples a FHIR package ships (`package/example/*.json`, https://hl7.org/fhir/packages.html), by file
 * name; `.index.json` is the folder's index, not an example. */
export function packageExamples(path: string): { name: string; resource: unknown }[] {
  const files = tarFiles(gunzipSync(readFileSync(path)), { maxFileBytes: 64 * 1024 * 1024, maxEntries: 50_000 });
  return files
    .filter((file) => /^package\/example\/[^/.][^/]*\.json$/.test(file.name))
    .map((file) => ({
      name: file.name.slice('package/example/'.length),
      resource: JSON.parse(file.data.toString('utf8')),
    }));
}
