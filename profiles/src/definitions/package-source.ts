import type { OperationOutcomeIssue } from '@medplum/fhirtypes';
import { readFileSync } from 'node:fs';
import { isJsonObject } from '../schema/is-json-object.js';
import { PackageError, readFhirPackage, type FhirPackage } from './fhir-package.js';
import { error } from './prepare-structure-definition.js';

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
