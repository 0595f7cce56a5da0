import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { DefinitionRegistry } from '../definitions/definition-registry.js';
import { tarFiles } from '../definitions/tar-archive.js';
import { BindingChecker } from '../terminology/binding-checker.js';
import { Terminology } from '../terminology/terminology.js';
import { sharedDataFolder } from './shared-data.js';

/** A US Core package from `shared/data/us-core-packages` loaded over R4 core (tests only). */
export interface UsCorePackage {
  readonly registry: DefinitionRegistry;
  /** An example of the package by file name, e.g. `Patient-example.json`. */
  example(name: string): unknown;
  /** Whether a code/Coding/CodeableConcept is in a ValueSet; undefined when it cannot be expanded here. */
  memberOf(value: unknown, type: string, valueSetUrl: string): boolean | undefined;
}

const loaded = new Map<string, UsCorePackage>();

/** The package `hl7.fhir.us.core-<version>.tgz`, read once; undefined (the suite skips) without the sample data. */
export function usCorePackage(version: string): UsCorePackage | undefined {
  const folder = sharedDataFolder('us-core-packages');
  if (!folder) return undefined;
  let pkg = loaded.get(version);
  if (!pkg) {
    const tgz = readFileSync(join(folder, `hl7.fhir.us.core-${version}.tgz`));
    const registry = DefinitionRegistry.create();
    registry.loadPackage(tgz);
    const examples = new Map(
      tarFiles(gunzipSync(tgz), { maxFileBytes: 1 << 26, maxEntries: 10_000 }).map((f) => [f.name, f.data]),
    );
    const bindings = new BindingChecker(new Terminology(registry));
    pkg = {
      registry,
      example: (name) => JSON.parse(examples.get(`package/example/${name}`)?.toString('utf8') ?? 'null'),
      memberOf: (value, type, url) => bindings.memberOf(value, type, url),
    };
    loaded.set(version, pkg);
  }
  return pkg;
}
