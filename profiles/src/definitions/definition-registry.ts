import type { CodeSystem, OperationOutcomeIssue, StructureDefinition, ValueSet } from '@medplum/fhirtypes';
import { compareVersions, splitCanonical } from './canonical.js';
import { CanonicalIndex } from './canonical-index.js';
import { isConformanceResource, type ConformanceResource } from './conformance-resource.js';
import { baseDefinitionUrl, type StructureDefinitionSource } from '../structure/structure-definition-source.js';
import type { TerminologySource } from '../terminology/terminology-source.js';
import { loadOrder, missingDependencies, openFhirPackage } from './package-source.js';
import { projectProfiles } from './project-profiles.js';
import { R4CoreDefinitions } from './r4-core-definitions.js';
import { error } from './definition-issue.js';
import { prepareStructureDefinition, sizeIssues, type PreparedDefinition } from './prepare-structure-definition.js';
import { profilingIssues } from './profiling-rules.js';
import { packageScope, pinnedToScope } from './package-scope.js';

type Canonical<T> = T & { readonly url: string };
/** What `put` indexed (absent when refused) and the problems found. */
type Added = { readonly definition?: ConformanceResource; readonly issues: OperationOutcomeIssue[] };

let sharedInstance: DefinitionRegistry | undefined;

/**
 * The conformance resources validation reads: the base R4 definitions (immutable, shared, read
 * lazily) and, over them, what is added at runtime (the project's profiles, IG packages, resources
 * posted to the server). Lookup by canonical `url` or `url|version`
 * (http://hl7.org/fhir/R4/references.html#canonical); without a version the newest one wins, and
 * between equal versions an added resource beats the base one.
 */
export class DefinitionRegistry implements StructureDefinitionSource, TerminologySource {
  private changes = 0;
  private readonly structureDefinitions = new CanonicalIndex<Canonical<StructureDefinition>>();
  private readonly valueSets = new CanonicalIndex<Canonical<ValueSet>>();
  private readonly codeSystems = new CanonicalIndex<Canonical<CodeSystem>>();
  /** Loaded packages: name → version. */
  private readonly packages = new Map<string, string>();
  /** Loaded packages (`name#version`): their definitions' url → version. */
  private readonly packageScopes = new Map<string, Map<string, string>>();
  /** Urls defined by the project's profiles and loaded packages: theirs alone (see `ownerOf`). */
  private readonly fixedUrls = new Set<string>();
  /** What each stored resource (`Type/id`) put in force, so its removal takes out that and nothing else. */
  private readonly stored = new Map<string, ConformanceResource>();

  private constructor(private readonly core: R4CoreDefinitions) {}

  /**
   * A registry of its own over the shared base R4 definitions (parsed once per process), with the
   * project's profiles (profiles/definitions/) unless `projectProfiles` is false.
   */
  static create(options: { projectProfiles?: boolean } = {}): DefinitionRegistry {
    const registry = new DefinitionRegistry(R4CoreDefinitions.shared());
    if (options.projectProfiles === false) return registry;
    for (const profile of projectProfiles()) {
      const errors = registry.add(profile).filter((issue) => issue.severity === 'error');
      if (errors.length > 0) throw new Error(`profiles/definitions: ${errors.map((e) => e.diagnostics).join('; ')}`);
    }
    return registry;
  }

  /** The process-wide registry. */
  static r4(): DefinitionRegistry {
    sharedInstance ??= DefinitionRegistry.create();
    return sharedInstance;
  }

  /** Bumped by every add and remove, so caches keyed by it refresh. */
  get revision(): number {
    return this.changes;
  }

  structureDefinition(canonical: string): StructureDefinition | undefined {
    return pick(this.structureDefinitions.get(canonical), this.core.structureDefinition(canonical), canonical);
  }

  valueSet(canonical: string): ValueSet | undefined {
    return pick(this.valueSets.get(canonical), this.core.valueSet(canonical), canonical);
  }

  codeSystem(canonical: string): CodeSystem | undefined {
    return pick(this.codeSystems.get(canonical), this.core.codeSystem(canonical), canonical);
  }

  /** What was added (not the base definitions), every version: e.g. the profiles a server supports. */
  added(resourceType: ConformanceResource['resourceType']): ConformanceResource[] {
    return [...this.indexOf(resourceType).values()].flat();
  }

  /**
   * Reads every base R4 file now (1–4 s, once per process) instead of at the first lookups that
   * need them: a server calls it at start so no request waits for it.
   */
  preload(): void {
    this.core.readAll();
  }

  /** The base R4 StructureDefinition of a type (`Patient`, `HumanName`, `string`). */
  baseDefinition(type: string): StructureDefinition | undefined {
    const sd = this.core.structureDefinition(baseDefinitionUrl(type));
    return sd?.type === type && sd.derivation !== 'constraint' ? sd : undefined;
  }

  /**
   * What `add` would find wrong with the resource, without adding it: a server checks a definition
   * written to it before it stores it, and puts it in force only once stored.
   */
  check(resource: unknown): OperationOutcomeIssue[] {
    return this.checked(resource).issues;
  }

  /**
   * `check`, with the StructureDefinition as prepared (snapshot generated) when nothing refused it.
   * The shape check comes first: the profiling rules read elements as ElementDefinitions.
   */
  private checked(resource: unknown): { issues: OperationOutcomeIssue[]; prepared?: PreparedDefinition } {
    const refused = this.precheck(resource);
    if (refused.length > 0 || !isConformanceResource(resource)) return { issues: refused };
    if (resource.resourceType !== 'StructureDefinition') return { issues: [] };
    const prepared = prepareStructureDefinition(resource, this);
    if (prepared.issues.some((issue) => issue.severity === 'error')) return { issues: prepared.issues };
    const base = resource.baseDefinition === undefined ? undefined : this.structureDefinition(resource.baseDefinition);
    return { issues: [...profilingIssues(resource, base), ...prepared.issues], prepared };
  }

  /**
   * The cheap part of `check`, for a server to run before it validates a definition written to it
   * (which walks every element): not a definition, too many elements (errors); an owned url (`ownerOf`, a warning).
   */
  precheck(resource: unknown): OperationOutcomeIssue[] {
    if (!isConformanceResource(resource)) return [notConformance()];
    const owner = this.ownerOf(resource.url);
    const size = resource.resourceType === 'StructureDefinition' ? sizeIssues(resource) : [];
    return owner === undefined ? size : [owned(resource, owner), ...size];
  }

  /**
   * Who owns a canonical url, if anyone: the `http://hl7.org/fhir/` namespace and every url the R4
   * core defines (http://hl7.org/fhir/R4/resource.html#canonical: a url names one artifact, its
   * publisher's), and those of the project's profiles and loaded packages. A definition written to
   * a server may use none of them: else anyone could replace `administrative-gender` or a
   * required profile for every writer (a lockout).
   */
  ownerOf(url: string): string | undefined {
    if (url.startsWith('http://hl7.org/fhir/')) return 'the R4 core (http://hl7.org/fhir/)';
    const { url: bare } = splitCanonical(url);
    if (this.core.structureDefinition(bare) ?? this.core.valueSet(bare) ?? this.core.codeSystem(bare)) {
      return 'the R4 core';
    }
    return this.fixedUrls.has(bare) ? "this server's profiles or IG packages" : undefined;
  }

  /**
   * Puts a definition stored on a server in force under `origin` (its `Type/id`), replacing what
   * that origin put in force before. Not put in force when its url is owned by someone else
   * (`ownerOf`: a warning) or it cannot be used (errors).
   */
  addStored(resource: unknown, origin: string): OperationOutcomeIssue[] {
    const { issues, prepared } = this.checked(resource);
    if (issues.some((issue) => issue.severity === 'error') || !isConformanceResource(resource)) return issues;
    this.removeStored(origin);
    if (this.ownerOf(resource.url) !== undefined) return issues;
    const added = this.put(resource, prepared);
    if (added.definition) this.stored.set(origin, added.definition);
    return added.issues;
  }

  /** Takes out what `addStored` put in force under `origin`; the core, project and package definitions stay. */
  removeStored(origin: string): boolean {
    const resource = this.stored.get(origin);
    if (!resource) return false;
    this.stored.delete(origin);
    if (!this.indexOf(resource.resourceType).deleteResource(resource)) return false;
    this.changes++;
    return true;
  }

  /**
   * Adds (or replaces, same url and version) a StructureDefinition, ValueSet or CodeSystem. Returns
   * the problems found; with an error among them nothing is added. Never throws for bad input.
   */
  add(resource: unknown): OperationOutcomeIssue[] {
    if (!isConformanceResource(resource)) {
      return [notConformance()];
    }
    const { definition, issues } = this.put(resource);
    if (definition) this.fixedUrls.add(definition.url);
    return issues;
  }

  /**
   * Prepares (unless `prepared` already is) and indexes a definition; `definition` is what went in,
   * absent when refused.
   */
  private put(resource: ConformanceResource, prepared?: PreparedDefinition): Added {
    let added: Added = { definition: resource, issues: [] };
    if (resource.resourceType === 'StructureDefinition') {
      const { definition, issues } = prepared ?? prepareStructureDefinition(resource, this);
      if (!definition) return { issues };
      this.structureDefinitions.set(definition);
      added = { definition, issues };
    } else if (resource.resourceType === 'ValueSet') {
      this.valueSets.set(resource);
    } else {
      this.codeSystems.set(resource);
    }
    this.changes++;
    return added;
  }

  private indexOf(resourceType: ConformanceResource['resourceType']): CanonicalIndex<ConformanceResource> {
    const indexes: Record<ConformanceResource['resourceType'], CanonicalIndex<ConformanceResource>> = {
      StructureDefinition: this.structureDefinitions,
      ValueSet: this.valueSets,
      CodeSystem: this.codeSystems,
    };
    return indexes[resourceType];
  }

  /**
   * Loads a FHIR package (`package.tgz` bytes or path, https://hl7.org/fhir/packages.html): its
   * StructureDefinitions, ValueSets and CodeSystems, terminology first. Returns the problems: a
   * package that cannot be read is one error; a dependency that is not loaded, one warning each;
   * a resource that cannot be added, its issues. Never throws for bad input. Unversioned references
   * between definitions are resolved in the package first, then in its loaded dependencies, then
   * globally (package-scope.ts).
   */
  loadPackage(source: Uint8Array | string): OperationOutcomeIssue[] {
    const fhirPackage = openFhirPackage(source);
    if (!('resources' in fhirPackage)) return [fhirPackage];
    const issues = [...fhirPackage.issues, ...missingDependencies(fhirPackage, this.packages)];
    const own = packageScope(fhirPackage.resources);
    const scope = new Map([...this.dependencyScopes(fhirPackage.dependencies), ...own]);
    for (const resource of loadOrder(fhirPackage.resources)) {
      const label = `${fhirPackage.name}#${fhirPackage.version} ${resource.url}`;
      const added = this.add(pinnedToScope(resource, scope));
      issues.push(...added.map((issue) => ({ ...issue, diagnostics: `${label}: ${issue.diagnostics}` })));
    }
    this.packages.set(fhirPackage.name, fhirPackage.version);
    this.packageScopes.set(`${fhirPackage.name}#${fhirPackage.version}`, own);
    return issues;
  }

  /** url → version pairs of the loaded packages a package depends on. */
  private dependencyScopes(dependencies: Readonly<Record<string, string>>): [string, string][] {
    return Object.entries(dependencies).flatMap(([name, version]) => [
      ...(this.packageScopes.get(`${name}#${version}`) ?? []),
    ]);
  }
}

function notConformance(): OperationOutcomeIssue {
  return error('invalid', 'Expected a StructureDefinition, ValueSet or CodeSystem with a url');
}

/**
 * A copy of an owned definition may be stored (IG example bundles carry the core extensions they
 * use), but it is data only: the owner's definition stays the one in force. A warning says so.
 */
function owned(resource: ConformanceResource, owner: string): OperationOutcomeIssue {
  return {
    severity: 'warning',
    code: 'business-rule',
    diagnostics: `This url is defined by ${owner}: a definition stored here under it is never put in force; theirs applies`,
    expression: [`${resource.resourceType}.url`],
  };
}

function pick<T extends { version?: string | undefined }>(
  added: T | undefined,
  core: T | undefined,
  canonical: string,
): T | undefined {
  if (!added || !core) return added ?? core;
  if (splitCanonical(canonical).version !== undefined) return added;
  return compareVersions(added.version, core.version) >= 0 ? added : core;
}
