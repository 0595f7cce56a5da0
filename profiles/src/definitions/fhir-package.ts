import type { OperationOutcomeIssue } from '@medplum/fhirtypes';
import { gunzipSync } from 'node:zlib';
import { isJsonObject } from '../schema/is-json-object.js';
import { CONFORMANCE_KINDS, isConformanceResource, type ConformanceResource } from './conformance-resource.js';
import { tarFiles, TarError, type TarFile } from './tar-archive.js';

/** The conformance resources of a FHIR package and what its manifest says about it. */
export interface FhirPackage {
  readonly name: string;
  readonly version: string;
  /** Package name → version (https://hl7.org/fhir/packages.html#dependencies). */
  readonly dependencies: Readonly<Record<string, string>>;
  readonly resources: readonly ConformanceResource[];
  /** Files that could not be read (bad JSON): warnings, the rest of the package still counts. */
  readonly issues: readonly OperationOutcomeIssue[];
}

/** Why a package was refused as a whole. */
export class PackageError extends Error {}

/** Large enough for hl7.fhir.r4.core and the terminology packages, small enough to refuse a gzip bomb. */
const MAX_UNPACKED_BYTES = 512 * 1024 * 1024;
const LIMITS = { maxFileBytes: 64 * 1024 * 1024, maxEntries: 50_000 };

/**
 * Reads a FHIR NPM package as published (`package.tgz`, https://hl7.org/fhir/packages.html):
 * `package/package.json` for name, version and dependencies, and the StructureDefinitions,
 * ValueSets and CodeSystems among the files directly in `package/`, chosen by `.index.json` when
 * the package has one. Examples and other folders are not read. Throws `PackageError`.
 */
export function readFhirPackage(tgz: Uint8Array): FhirPackage {
  const files = new Map(untar(gunzip(tgz)).map((file) => [file.name, file]));
  const manifest = parseJson(files.get('package/package.json'));
  if (!isJsonObject(manifest) || typeof manifest.name !== 'string' || typeof manifest.version !== 'string') {
    throw new PackageError('package/package.json is missing or has no name and version');
  }
  const issues: OperationOutcomeIssue[] = [];
  const resources: ConformanceResource[] = [];
  for (const file of conformanceFiles(files)) {
    const resource = parseJson(file);
    if (resource === undefined) issues.push(unreadable(file.name));
    else if (isConformanceResource(resource)) resources.push(resource);
  }
  return {
    name: manifest.name,
    version: manifest.version,
    dependencies: stringRecord(manifest.dependencies),
    resources,
    issues,
  };
}

function gunzip(tgz: Uint8Array): Buffer {
  try {
    return gunzipSync(tgz, { maxOutputLength: MAX_UNPACKED_BYTES });
  } catch (error) {
    const code = isJsonObject(error) ? error.code : undefined;
    if (code === 'ERR_BUFFER_TOO_LARGE') throw new PackageError(`unpacks to more than ${MAX_UNPACKED_BYTES} bytes`);
    if (code === 'Z_BUF_ERROR') throw new PackageError('the gzip stream is truncated');
    throw new PackageError('not a gzip file');
  }
}

function untar(archive: Buffer): TarFile[] {
  try {
    return tarFiles(archive, LIMITS);
  } catch (error) {
    if (error instanceof TarError) throw new PackageError(error.message);
    throw error;
  }
}

/** The files `.index.json` lists as conformance resources, else every JSON file directly in `package/`. */
function conformanceFiles(files: ReadonlyMap<string, TarFile>): TarFile[] {
  const index = parseJson(files.get('package/.index.json'));
  const listed = isJsonObject(index) && Array.isArray(index.files) ? index.files.filter(isJsonObject) : undefined;
  if (listed) {
    return listed
      .filter((entry) => typeof entry.resourceType === 'string' && CONFORMANCE_KINDS.has(entry.resourceType))
      .flatMap((entry) => files.get(`package/${String(entry.filename)}`) ?? []);
  }
  return [...files.values()].filter(
    (file) => /^package\/[^/]+\.json$/.test(file.name) && !/\/(package|\.index)\.json$/.test(file.name),
  );
}

function parseJson(file: TarFile | undefined): unknown {
  if (!file) return undefined;
  try {
    return JSON.parse(file.data.toString('utf8'));
  } catch {
    return undefined;
  }
}

function stringRecord(value: unknown): Record<string, string> {
  if (!isJsonObject(value)) return {};
  return Object.fromEntries(
    Object.entries(value).filter((entry): entry is [string, string] => typeof entry[1] === 'string'),
  );
}

function unreadable(name: string): OperationOutcomeIssue {
  return { severity: 'warning', code: 'invalid', diagnostics: `${name} in the package is not valid JSON; skipped` };
}
