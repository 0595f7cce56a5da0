import type { StructureDefinition } from '@medplum/fhirtypes';
import type { ElementNode } from './element-node.js';
import type { ElementTrees } from './element-trees.js';
import { splitCanonical } from '../definitions/canonical.js';
import { PerRevision } from './per-revision.js';
import { baseDefinitionUrl } from './structure-definition-source.js';
import type { Walk } from './walk.js';

/** The definition an extension item is walked against. */
export interface ExtensionDefinition {
  /** Its children describe the item: the extension's root, or the slice that defines it. */
  readonly node: ElementNode;
  /** The extension's StructureDefinition, whose `context` says where it may be used; none for a part of a complex extension. */
  readonly definition?: StructureDefinition;
}

/** Where an extension sits: the element it extends (http://hl7.org/fhir/R4/defining-extensions.html#context). */
export interface ExtensionHost {
  /** Path of the extended element in its definition: `Patient`, `Patient.contact`, `HumanName.given`. */
  readonly path: string;
  /** For an element defined by a contentReference (`Questionnaire.item.item`), the element it reuses. */
  readonly referencedPath?: string;
  /** Its path in the definition it comes from (`ElementDefinition.base.path`): `HumanName.given` for a profile's `Patient.name.given`. */
  readonly basePath?: string;
  /** Its type: `Patient`, `BackboneElement`, `HumanName`, `date`, `Extension`. */
  readonly type: string;
  /** When the host is itself an extension: its url. */
  readonly extensionUrl?: string;
}

/**
 * Finds the definition of an extension by its `url` (http://hl7.org/fhir/R4/extensibility.html):
 * first a slice of the `extension` element that names it (by its type profile, or by the fixed
 * `url` of a complex extension's part), then a StructureDefinition with that url. Undefined: unknown.
 */
export function findExtension(trees: ElementTrees, element: ElementNode, url: string): ExtensionDefinition | undefined {
  for (const slice of element.slicing?.slices ?? []) {
    const profile = slice.types[0]?.profile?.[0];
    // A type profile may name a version (`url|version`, references.html#canonical); the instance's url never does.
    if (profile !== undefined && splitCanonical(profile).url === url) {
      const tree = trees.tree(profile);
      const node = slice.children.length > 0 ? slice : tree;
      return node ? { node, definition: trees.definition(profile) } : undefined;
    }
    if (profile === undefined && slice.children.find((c) => c.name === 'url')?.definition.fixedUri === url) {
      return { node: slice };
    }
  }
  const tree = trees.tree(url);
  return tree ? { node: tree, definition: trees.definition(url) } : undefined;
}

/**
 * Whether the extension's `context` allows its use on `host`
 * (http://hl7.org/fhir/R4/structuredefinition-definitions.html#StructureDefinition.context):
 * an `element` context names the host's path (as a profile has it, or as the datatype that
 * defines it: `HumanName.given` for `Patient.name.given`), its type or one the type derives from
 * (`DomainResource`, `BackboneElement`, …), and `Element` allows any host, resources too (as the
 * HL7 validator reads it); an `extension` context names the url of the host extension; `fhirpath`
 * contexts are not evaluated here and allow any host.
 */
export function contextAllows(trees: ElementTrees, definition: StructureDefinition, host: ExtensionHost): boolean {
  const contexts = definition.context ?? [];
  if (contexts.length === 0) return true;
  const types = typeLineage(trees, host.type);
  return contexts.some(({ type, expression = '' }) => {
    if (type === 'fhirpath') return true;
    if (type === 'extension') return expression === host.extensionUrl;
    return (
      expression === 'Element' ||
      expression === host.path ||
      expression === host.referencedPath ||
      expression === host.basePath ||
      types.has(expression)
    );
  });
}

const lineages = new PerRevision<string, ReadonlySet<string>>();

/** `HumanName` → {HumanName, Element}; `Patient` → {Patient, DomainResource, Resource}, by baseDefinition. */
function typeLineage(trees: ElementTrees, type: string): ReadonlySet<string> {
  return lineages.get(trees, type, () => {
    const names = new Set<string>([type]);
    // A registered definition may name itself, or a cycle, as its base: each url is followed once.
    const visited = new Set<string>();
    let url = trees.definition(baseDefinitionUrl(type))?.baseDefinition;
    while (url !== undefined && names.size < 10 && !visited.has(url)) {
      visited.add(url);
      const base = trees.definition(url);
      if (!base?.type) break;
      names.add(base.type);
      url = base.baseDefinition;
    }
    return names;
  });
}

/**
 * An unknown modifier extension changes the meaning of its host and is never safe to ignore
 * (http://hl7.org/fhir/R4/extensibility.html#modifierExtension): an error whatever the rule.
 */
export function reportUnknownExtension(walk: Walk, url: string, modifier: boolean, path: string): void {
  const rule = modifier ? 'error' : walk.options.unknownExtensions;
  if (rule === 'ignore') return;
  walk.report(rule, 'extension', `Unknown ${modifier ? 'modifier ' : ''}extension ${url}`, path);
}

/** The one use of an extension R4's own snapshots make outside its context (ElementDefinition.type.code). */
const SPEC_OWN_USE = {
  url: 'http://hl7.org/fhir/StructureDefinition/structuredefinition-fhir-type',
  path: 'ElementDefinition.type',
};

/**
 * A known extension where it is used: in its context (defining-extensions.html#context), and in
 * `modifierExtension` exactly when it is a modifier (extensibility.html#modifierExtension). Both `structure`.
 */
export function checkExtensionUse(
  walk: Walk,
  definition: StructureDefinition,
  inModifierExtension: boolean,
  host: ExtensionHost,
  path: string,
): void {
  const url = definition.url ?? '';
  const specOwnUse = url === SPEC_OWN_USE.url && host.path === SPEC_OWN_USE.path;
  if (!specOwnUse && !contextAllows(walk.trees, definition, host)) {
    walk.error('structure', `Extension ${url} is not allowed on ${host.path} (its context)`, path);
  }
  const modifier = definition.snapshot?.element?.[0]?.isModifier === true;
  if (modifier !== inModifierExtension) {
    const message = modifier ? 'is a modifier extension: it belongs in modifierExtension' : 'is no modifier extension';
    walk.error('structure', `Extension ${url} ${message}`, path);
  }
}
