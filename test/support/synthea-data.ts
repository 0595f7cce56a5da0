// The Synthea input files as the suites, the demo and the benchmark load them, in the order the
// data needs: the shared Organization/Location/Practitioner batches first, because the patient
// transactions point at them with conditional references (`Organization?identifier=…`).
import type { Bundle, Resource } from '@medplum/fhirtypes';
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';

export interface InputBundle {
  /** The file name, for messages. */
  file: string;
  bundle: Bundle;
}

export interface SyntheaInput {
  /** Batches with ifNoneExist (hospitalInformation*, practitionerInformation*), in load order. */
  batches: InputBundle[];
  /** Transactions: every Synthea patient bundle, then the Inferno US Core ones. */
  transactions: InputBundle[];
  /** Plain resources found among the files (not Bundles), stored with an update of their own id. */
  resources: Array<{ file: string; resource: Resource }>;
  /** Files not loaded as a Bundle, and why. */
  notBundles: Array<{ file: string; reason: string }>;
  /** Bundles with a known defect: the original (to check the server refuses it); the repaired copy is in `transactions`. */
  defects: Array<{ defect: KnownDefect; original: Bundle }>;
}

/** A defect in the published input that a strict R4 server must refuse, and its repair. */
export interface KnownDefect {
  file: string;
  /** Where the server must point (OperationOutcome.issue.expression). */
  expression: string;
  why: string;
  repair(bundle: Bundle): void;
}

/**
 * Inferno's patient 355 has one Observation whose effectivePeriod says `stop` where R4's Period has
 * `end` (https://hl7.org/fhir/R4/datatypes.html#Period); a lenient server ignores the element, ours
 * refuses the whole transaction. The asserted-date bundle's US Core SearchParameter names work group
 * `cgp`, which R4's required hl7-work-group ValueSet lacks, and puts capabilitystatement-expectation
 * on multipleOr/multipleAnd/comparator, outside the extension's R4 context
 * (https://hl7.org/fhir/R4/defining-extensions.html#context). The suites check each refusal, then
 * load the repaired bundle.
 */
export const KNOWN_DEFECTS: readonly KnownDefect[] = [
  {
    file: 'uscore_bundle_patient_355.json',
    expression: 'Bundle.entry[266].resource.effectivePeriod.stop',
    why: 'Period has start/end; "stop" is not an R4 element',
    repair(bundle) {
      const period = (bundle.entry?.[266]?.resource as { effectivePeriod?: Record<string, string> } | undefined)
        ?.effectivePeriod;
      if (period?.stop === undefined)
        throw new Error('uscore_bundle_patient_355.json no longer has the known defect: update KNOWN_DEFECTS');
      period.end = period.stop;
      delete period.stop;
    },
  },
  {
    file: 'uscore_bundle_asserted-date.json',
    expression: 'Bundle.entry[1].resource.extension[0].valueCode',
    why: "work group 'cgp' is not in R4's hl7-work-group; capabilitystatement-expectation is for CapabilityStatement elements",
    repair(bundle) {
      const parameter = bundle.entry?.[1]?.resource as Record<string, unknown> | undefined;
      if (parameter?.resourceType !== 'SearchParameter' || parameter.extension === undefined)
        throw new Error('uscore_bundle_asserted-date.json no longer has the known defect: update KNOWN_DEFECTS');
      for (const key of ['extension', '_multipleOr', '_multipleAnd', '_comparator']) delete parameter[key];
    },
  },
];

/** Reads both Synthea folders. `uscoreDir` may be omitted to load the HIV set only. */
export function readSyntheaInput(hivDir: string, uscoreDir?: string): SyntheaInput {
  const input: SyntheaInput = { batches: [], transactions: [], resources: [], notBundles: [], defects: [] };
  const hiv = jsonFiles(hivDir);
  const shared = ['hospitalInformation', 'practitionerInformation'].flatMap((prefix) =>
    hiv.filter((f) => f.startsWith(prefix)),
  );
  const patients = hiv.filter((f) => !shared.includes(f));
  for (const file of [...shared, ...patients]) classify(input, hivDir, file);
  for (const file of uscoreDir === undefined ? [] : jsonFiles(uscoreDir)) classify(input, uscoreDir ?? '', file);
  return input;
}

/** Every Bundle of the input, batches first, as loaded. */
export function allBundles(input: SyntheaInput): InputBundle[] {
  return [...input.batches, ...input.transactions];
}

function jsonFiles(dir: string): string[] {
  return readdirSync(dir)
    .filter((f) => f.endsWith('.json'))
    .sort();
}

function repaired(input: SyntheaInput, file: string, bundle: Bundle): Bundle {
  const defect = KNOWN_DEFECTS.find((d) => d.file === file);
  if (defect === undefined) return bundle;
  const copy = structuredClone(bundle);
  defect.repair(copy);
  input.defects.push({ defect, original: bundle });
  return copy;
}

function classify(input: SyntheaInput, dir: string, file: string): void {
  const resource = JSON.parse(readFileSync(path.join(dir, file), 'utf8')) as Resource;
  if (resource.resourceType === 'Bundle' && resource.type === 'batch') input.batches.push({ file, bundle: resource });
  else if (resource.resourceType === 'Bundle' && resource.type === 'transaction')
    input.transactions.push({ file, bundle: repaired(input, file, resource) });
  else if (resource.id !== undefined) {
    // uscore_group_1a.json is a Group (members Patient/85 and Patient/355), not a Bundle: there is
    // nothing to post as a transaction, so it is stored as itself, after the patients it names.
    input.resources.push({ file, resource });
    input.notBundles.push({
      file,
      reason: `a ${resource.resourceType}, not a transaction/batch Bundle: stored with PUT ${resource.resourceType}/${resource.id}`,
    });
  } else {
    input.notBundles.push({
      file,
      reason: `a ${resource.resourceType} without an id, not a transaction/batch Bundle: skipped`,
    });
  }
}
