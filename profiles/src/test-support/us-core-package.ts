import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { isJsonObject } from '../schema/is-json-object.js';
import { DefinitionRegistry } from '../definitions/definition-registry.js';
import { tarFiles } from '../definitions/tar-archive.js';
import { codeKey } from '../terminology/expansion.js';
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
    const terminology = new Terminology(registry);
    pkg = {
      registry,
      example: (name) => JSON.parse(examples.get(`package/example/${name}`)?.toString('utf8') ?? 'null'),
      memberOf: (value, type, url) => membership(terminology, value, type, url),
    };
    loaded.set(version, pkg);
  }
  return pkg;
}

function membership(terminology: Terminology, value: unknown, type: string, url: string): boolean | undefined {
  let expansion;
  try {
    expansion = terminology.expandUrl(url);
  } catch {
    return undefined;
  }
  if (!expansion) return undefined;
  const codings =
    type === 'CodeableConcept' && isJsonObject(value) && Array.isArray(value.coding) ? value.coding : [value];
  let unknown = false;
  for (const coding of codings) {
    if (!isJsonObject(coding) || typeof coding.system !== 'string' || typeof coding.code !== 'string') continue;
    if (expansion.codes.has(codeKey(coding.system, coding.code)) || expansion.systems.has(coding.system)) return true;
    unknown ||= expansion.unchecked.has(coding.system);
  }
  return unknown ? undefined : false;
}
