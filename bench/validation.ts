// Profile validation throughput (issue 4): validations/s of a Patient, an Observation and a
// 100-entry transaction Bundle, against base R4 and against US Core, and the time to validate a
// 100-patient US Core Bundle. Synthea data from shared/data (Inferno's US Core patients); one
// thread, in process. Targets: ≥ 5,000 simple resources/s base on one core; the 100-patient
// Bundle well under 1 s (HAPI 7 takes about 20 s). Figures only, never pass/fail.
import type { OperationOutcomeIssue } from '@medplum/fhirtypes';
import {
  DefinitionRegistry,
  ProfileValidator,
  SchemaValidator,
  type ProfileValidationOptions,
} from '@nexushealth/profiles';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { textTable } from './figures-table.js';
import { sharedDataDir } from './test-support.js';

type Json = Record<string, unknown>;

/** How long each figure is measured, after a warm-up of the same length. */
const MEASURE_MS = Number(process.env.BENCH_VALIDATION_MS ?? 2000);
/** Inferno's Synthea patients conform to US Core 7.0.0 (no error there; 8.0.0 changed us-core-sex). */
const US_CORE = process.env.BENCH_US_CORE ?? '7.0.0';
const BASE_TARGET_PER_S = 5000;
const BUNDLE_TARGET_MS = 1000;
const HAPI_BUNDLE_MS = 20_000;

export interface ValidationFigure {
  subject: string;
  layer: string;
  resources: number;
  perSecond: number;
  msPerValidation: number;
  errors: number;
  note: string;
}

function entriesOf(bundle: unknown): Json[] {
  const entry = (bundle as Json).entry;
  return Array.isArray(entry) ? (entry as Json[]) : [];
}

function resourceOf(entry: Json): Json {
  return entry.resource as Json;
}

/** Inferno's Synthea patient 85: its transaction Bundle (268 entries, US Core claims in meta.profile). */
function syntheaBundle(shared: string): Json {
  const path = join(shared, 'synthea-inferno-uscore', 'uscore_bundle_patient_85.json');
  return JSON.parse(readFileSync(path, 'utf8')) as Json;
}

/** The resource without its meta.profile claims, so base validation does not meet them. */
function unclaimed(resource: Json): Json {
  const { meta, ...rest } = resource;
  if (meta === undefined) return rest;
  const { profile: _claims, ...otherMeta } = meta as Json;
  return Object.keys(otherMeta).length === 0 ? rest : { ...rest, meta: otherMeta };
}

/** A transaction Bundle of `count` US Core Patients made from the Synthea one (fresh ids and identifiers). */
function patientsBundle(patient: Json, count: number): Json {
  const entry = Array.from({ length: count }, (_, index) => {
    const id = `bench-${index}`;
    const copy: Json = { ...structuredClone(patient), id };
    const identifiers = Array.isArray(copy.identifier) ? (copy.identifier as Json[]) : [];
    copy.identifier = identifiers.map((identifier) => ({
      ...identifier,
      value: `${String(identifier.value)}-${index}`,
    }));
    return {
      fullUrl: `urn:uuid:00000000-0000-4000-8000-${String(index).padStart(12, '0')}`,
      resource: copy,
      request: { method: 'PUT', url: `Patient/${id}` },
    };
  });
  return { resourceType: 'Bundle', type: 'transaction', entry };
}

function measure(validate: () => OperationOutcomeIssue[]): { perSecond: number; errors: number } {
  const errors = validate().filter((issue) => issue.severity === 'error').length;
  for (const limit = Date.now() + MEASURE_MS; Date.now() < limit;) validate();
  let count = 0;
  const start = process.hrtime.bigint();
  const limit = start + BigInt(MEASURE_MS) * 1_000_000n;
  let now = start;
  while (now < limit) {
    validate();
    count++;
    now = process.hrtime.bigint();
  }
  return { perSecond: count / (Number(now - start) / 1e9), errors };
}

/** The base and the US Core validators, saying how long the schema compile and the package loads took. */
function loadValidators(shared: string): { base: ProfileValidator; usCore: ProfileValidator } {
  let started = Date.now();
  const schema = SchemaValidator.shared();
  console.log(`validation: R4 JSON schema compiled in ${Date.now() - started} ms`);
  started = Date.now();
  const registry = DefinitionRegistry.create();
  registry.loadPackage(join(shared, 'us-core-packages', `hl7.fhir.us.core-${US_CORE}.tgz`));
  console.log(`validation: US Core ${US_CORE} loaded in ${Date.now() - started} ms`);
  return {
    base: new ProfileValidator(schema, DefinitionRegistry.create()),
    usCore: new ProfileValidator(schema, registry),
  };
}

/** Runs the validation figures, or says why not (no shared data). */
export function runValidationBench(): ValidationFigure[] {
  const shared = sharedDataDir();
  if (shared === undefined) {
    console.log('validation skipped: no shared data (NEXUS_SHARED_DATA unset, no shared/data beside the repo)');
    return [];
  }
  if (!existsSync(join(shared, 'synthea-inferno-uscore')) || !existsSync(join(shared, 'us-core-packages'))) {
    console.log(`validation skipped: ${shared} has no synthea-inferno-uscore or us-core-packages`);
    return [];
  }
  const { base, usCore } = loadValidators(shared);
  const bundle = syntheaBundle(shared);
  const resources = entriesOf(bundle).map(resourceOf);
  const patient = resources.find((resource) => resource.resourceType === 'Patient') ?? {};
  const observation =
    resources.find(
      (resource) => resource.resourceType === 'Observation' && JSON.stringify(resource.meta ?? {}).includes('us-core'),
    ) ??
    resources.find((resource) => resource.resourceType === 'Observation') ??
    {};
  const transaction = { ...bundle, entry: entriesOf(bundle).slice(0, 100) };
  const subjects: Array<[string, Json, number]> = [
    ['Patient', patient, 1],
    [
      `Observation (${String((observation.meta as Json | undefined)?.profile ?? 'no profile')
        .split('/')
        .pop()})`,
      observation,
      1,
    ],
    ['transaction Bundle, 100 entries', transaction, 100],
    ['transaction Bundle, 100 US Core Patients', patientsBundle(patient, 100), 100],
  ];
  const layers: Array<[string, ProfileValidator, (resource: Json) => Json, ProfileValidationOptions]> = [
    [
      'base R4',
      base,
      (resource) => (resource.resourceType === 'Bundle' ? stripClaims(resource) : unclaimed(resource)),
      { mode: 'base' },
    ],
    [`US Core ${US_CORE} (meta.profile)`, usCore, (resource) => resource, { mode: 'profiles' }],
  ];
  const figures: ValidationFigure[] = [];
  for (const [subject, resource, count] of subjects) {
    for (const [layer, validator, prepare, options] of layers) {
      const input = prepare(resource);
      const { perSecond, errors } = measure(() => validator.validate(input, options));
      figures.push({
        subject,
        layer,
        resources: count,
        perSecond,
        msPerValidation: 1000 / perSecond,
        errors,
        note: noteFor(subject, layer, perSecond, count),
      });
    }
  }
  return figures;
}

function stripClaims(bundle: Json): Json {
  return { ...bundle, entry: entriesOf(bundle).map((entry) => ({ ...entry, resource: unclaimed(resourceOf(entry)) })) };
}

function noteFor(subject: string, layer: string, perSecond: number, count: number): string {
  const resourcesPerSecond = perSecond * count;
  if (subject.includes('US Core Patients') && layer.startsWith('US Core')) {
    const ms = 1000 / perSecond;
    return `target < ${BUNDLE_TARGET_MS} ms: ${(ms / BUNDLE_TARGET_MS).toFixed(3)}× of it; HAPI 7 ~${HAPI_BUNDLE_MS / 1000} s: ${(HAPI_BUNDLE_MS / ms).toFixed(0)}× faster`;
  }
  if (layer === 'base R4')
    return `${((resourcesPerSecond / BASE_TARGET_PER_S) * 100).toFixed(0)}% of ${BASE_TARGET_PER_S} resources/s`;
  return '';
}

export function formatValidationFigures(figures: readonly ValidationFigure[]): string {
  const headers = ['subject', 'layer', 'validations/s', 'resources/s', 'ms each', 'errors', 'note'];
  const rows = figures.map((f) => [
    f.subject,
    f.layer,
    f.perSecond.toFixed(0),
    (f.perSecond * f.resources).toFixed(0),
    f.msPerValidation.toFixed(3),
    String(f.errors),
    f.note,
  ]);
  return textTable(headers, rows, (column) => column >= 2 && column <= 5);
}
