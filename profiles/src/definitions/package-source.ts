import type { OperationOutcomeIssue } from '@medplum/fhirtypes';
import { readFileSync } from 'node:fs';
import { isJsonObject } from '../schema/is-json-object.js';
import type { ConformanceResource } from './conformance-resource.js';
import { PackageError, readFhirPackage, type FhirPackage } from './fhir-package.js';
import { error } from './definition-issue.js';

/** A package from bytes or a `package.tgz` path, or the one issue that says why it cannot be read. */
export function openFhirPackage(source: Uint8Array | string): FhirPackage | OperationOutcomeIssue {
  let bytes: Uint8Array;
  try {
    bytes = typeof source === 'string' ? readFileSync(source) : source;
  } catch (failure) {
    const code = isJsonObject(failure) && typeof failure.code === 'string' ? ` (${failure.code})` : '';
    return error('not-found', `Package file ${String(source)} cannot be read${code}`);
  }
  try {
    return readFhirPackage(bytes);
  } catch (failure) {
    if (failure instanceof PackageError) return error('invalid', `Package not loaded: ${failure.message}`);
    throw failure;
  }
}

/** The base definitions are hl7.fhir.r4.core 4.0.1 (https://hl7.org/fhir/packages.html). */
const CORE_PACKAGE = { name: 'hl7.fhir.r4.core', version: '4.0.1' };

/**
 * One warning per dependency (https://hl7.org/fhir/packages.html#dependencies) that is not loaded
 * in that version: the package still loads, but what it takes from there will not resolve.
 */
export function missingDependencies(
  fhirPackage: FhirPackage,
  loaded: ReadonlyMap<string, string>,
): OperationOutcomeIssue[] {
  return Object.entries(fhirPackage.dependencies)
    .filter(([name, version]) => !(name === CORE_PACKAGE.name && version === CORE_PACKAGE.version))
    .filter(([name, version]) => loaded.get(name) !== version)
    .map(([name, version]) => ({
      severity: 'warning',
      code: 'not-found',
      diagnostics: `Package ${fhirPackage.name}#${fhirPackage.version} depends on ${name}#${version}, which is not loaded`,
    }));
}

/**
 * The order a package's resources are added in: ValueSets and CodeSystems, then StructureDefinitions
 * with each one's base (when the package has it) before it, so a differential-only profile on
 * another profile of the same package finds its base's snapshot.
 */
export function loadOrder(resources: readonly ConformanceResource[]): ConformanceResource[] {
  const byUrl = new Map(resources.map((resource) => [resource.url, resource]));
  const ordered: ConformanceResource[] = resources.filter((r) => r.resourceType !== 'StructureDefinition');
  const placed = new Set<ConformanceResource>(ordered);
  const place = (resource: ConformanceResource, depth: number): void => {
    if (placed.has(resource) || depth > resources.length) return;
    const base = resource.resourceType === 'StructureDefinition' ? resource.baseDefinition : undefined;
    const inPackage = base === undefined ? undefined : byUrl.get(base);
    if (inPackage) place(inPackage, depth + 1);
    placed.add(resource);
    ordered.push(resource);
  };
  for (const resource of resources) place(resource, 0);
  return ordered;
}
