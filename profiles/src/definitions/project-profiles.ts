import { readdirSync, readFileSync } from 'node:fs';

/** `profiles/definitions/`, next to `src/` and `dist/`. */
const FOLDER = new URL('../../definitions/', import.meta.url);

let parsed: readonly unknown[] | undefined;

/** The project's own StructureDefinitions (profiles/definitions/*.json), parsed once per process. */
export function projectProfiles(): readonly unknown[] {
  parsed ??= readdirSync(FOLDER)
    .filter((name) => name.endsWith('.json'))
    .sort()
    .map((name) => JSON.parse(readFileSync(new URL(name, FOLDER), 'utf8')));
  return parsed;
}
