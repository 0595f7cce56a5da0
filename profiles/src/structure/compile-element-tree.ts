import type {
  ElementDefinition,
  ElementDefinitionConstraint,
  ElementDefinitionSlicing,
  ElementDefinitionType,
} from '@medplum/fhirtypes';
import type { ElementNode, SliceNode } from './element-node.js';

/** A node while the tree is being built: its children and slices still grow. */
interface DraftNode {
  path: string;
  name: string;
  choice: boolean;
  min: number;
  max: number;
  types: readonly ElementDefinitionType[];
  definition: ElementDefinition;
  constraints: readonly ElementDefinitionConstraint[];
  children: ElementNode[];
  slicing?: { rules: ElementDefinitionSlicing; slices: SliceNode[] };
  sliceName?: string;
}

const FHIR_TYPE_EXTENSION = 'http://hl7.org/fhir/StructureDefinition/structuredefinition-fhir-type';
const SYSTEM_TYPE_PREFIX = 'http://hl7.org/fhirpath/System.';

/**
 * Extensions are always sliced by url (http://hl7.org/fhir/R4/extensibility.html); a snapshot
 * that lists extension slices without saying so gets this rule. Other unannounced slices (type
 * slices of `value[x]`, http://hl7.org/fhir/R4/profiling.html#discriminator) are by type.
 */
const EXTENSION_SLICING: ElementDefinitionSlicing = { discriminator: [{ type: 'value', path: 'url' }], rules: 'open' };
const TYPE_SLICING: ElementDefinitionSlicing = { discriminator: [{ type: 'type', path: '$this' }], rules: 'open' };

/**
 * Compiles a StructureDefinition snapshot (http://hl7.org/fhir/R4/elementdefinition.html) into the
 * tree of ElementNodes the validator walks. The tree is built from `ElementDefinition.id`
 * (`Observation.component:systolic.code`, http://hl7.org/fhir/R4/elementdefinition.html#id):
 * a segment `name:slice` is a slice of the element `name`, `name:a/b` a re-slice of slice `a`.
 * A `contentReference` (`#Questionnaire.item`) shares the referenced element's types and children,
 * so the tree is a graph with cycles there. Undefined for an empty snapshot.
 */
export function compileElementTree(snapshot: readonly ElementDefinition[]): ElementNode | undefined {
  const byId = new Map<string, DraftNode>();
  const references: DraftNode[] = [];
  let root: DraftNode | undefined;
  for (const element of snapshot) {
    const id = element.id ?? element.path ?? '';
    const node = draftNode(element);
    if (element.contentReference) references.push(node);
    byId.set(id, node);
    if (!root) {
      root = node;
      continue;
    }
    attach(node, id, byId);
  }
  for (const node of references) resolveContentReference(node, byId);
  return root;
}

function draftNode(element: ElementDefinition): DraftNode {
  const path = element.path ?? '';
  const last = path.slice(path.lastIndexOf('.') + 1);
  const choice = last.endsWith('[x]');
  return {
    path,
    name: choice ? last.slice(0, -3) : last,
    choice,
    min: element.min ?? 0,
    max: element.max === undefined || element.max === '*' ? Infinity : Number(element.max),
    types: (element.type ?? []).map(withFhirTypeCode),
    definition: element,
    constraints: element.constraint ?? [],
    children: [],
    ...(element.sliceName ? { sliceName: element.sliceName } : {}),
  };
}

/** Hangs `node` under its parent: as a child, or as a slice of the element its id names. */
function attach(node: DraftNode, id: string, byId: ReadonlyMap<string, DraftNode>): void {
  const parentId = parentIdOf(id, byId);
  const parent = parentId === undefined ? undefined : byId.get(parentId);
  if (parentId === undefined || !parent) return;
  const segment = id.slice(parentId.length + 1);
  const colon = segment.indexOf(':');
  if (colon < 0) {
    parent.children.push(node);
    return;
  }
  const sliceName = segment.slice(colon + 1);
  const reslice = sliceName.lastIndexOf('/');
  const slicedId = `${parentId}.${segment.slice(0, colon)}${reslice < 0 ? '' : `:${sliceName.slice(0, reslice)}`}`;
  const sliced = byId.get(slicedId);
  if (!sliced) return;
  node.sliceName ??= sliceName;
  sliced.slicing ??= {
    rules:
      sliced.definition.slicing ??
      (sliced.name === 'extension' || sliced.name === 'modifierExtension' ? EXTENSION_SLICING : TYPE_SLICING),
    slices: [],
  };
  sliced.slicing.slices.push(node as SliceNode);
}

/** The longest proper prefix of `id`, cut at a `.`, that names an element already seen. */
function parentIdOf(id: string, byId: ReadonlyMap<string, DraftNode>): string | undefined {
  for (let dot = id.lastIndexOf('.'); dot > 0; dot = id.lastIndexOf('.', dot - 1)) {
    const candidate = id.slice(0, dot);
    if (byId.has(candidate)) return candidate;
  }
  return undefined;
}

/**
 * `#Questionnaire.item` (R4) or `url#Questionnaire.item` (later versions): the element with that
 * id in this snapshot (http://hl7.org/fhir/R4/elementdefinition-definitions.html#ElementDefinition.contentReference).
 */
function resolveContentReference(node: DraftNode, byId: ReadonlyMap<string, DraftNode>): void {
  const reference = node.definition.contentReference ?? '';
  const target = byId.get(reference.slice(reference.indexOf('#') + 1));
  if (!target) return;
  node.types = target.types;
  node.children = target.children;
  if (target.slicing && !node.slicing) node.slicing = target.slicing;
}

/**
 * The snapshot types the value of primitives and of `id`/`url` elements as FHIRPath system types
 * (`http://hl7.org/fhirpath/System.String`) carrying the FHIR type in an extension
 * (http://hl7.org/fhir/R4/extension-structuredefinition-fhir-type.html); the tree uses that FHIR
 * type code, so `Extension.url` is `uri` and `Patient.id` is `string`.
 */
function withFhirTypeCode(type: ElementDefinitionType): ElementDefinitionType {
  if (!type.code?.startsWith(SYSTEM_TYPE_PREFIX)) return type;
  const fhirType = type.extension?.find((extension) => extension.url === FHIR_TYPE_EXTENSION)?.valueUrl;
  const code = fhirType ?? systemTypeCode(type.code.slice(SYSTEM_TYPE_PREFIX.length));
  return { ...type, code };
}

function systemTypeCode(system: string): string {
  return system === 'DateTime' ? 'dateTime' : system.charAt(0).toLowerCase() + system.slice(1);
}
