import r4 from 'fhirpath/fhir-context/r4';

/**
 * Where a walk through a resource stands: the FHIR type of the value (`Reference`, `uri`,
 * `BackboneElement`, …) and the model path its children are looked up under (`Observation`,
 * `Observation.component`, `Attachment`). Undefined where the R4 model does not know the element.
 */
export interface ElementType {
  type: string;
  path: string;
}

const BACKBONE = new Set(['BackboneElement', 'Element']);

/** The root of a resource (or of a contained one), from its resourceType. */
export function resourceRoot(value: unknown): ElementType | undefined {
  const type = (value as { resourceType?: unknown } | null)?.resourceType;
  return typeof type === 'string' && isModelType(type) ? { type, path: type } : undefined;
}

/**
 * The type of `parent`'s element `key`, from the R4 model the FHIRPath engine ships
 * (path2Type, choiceTypePaths, pathsDefinedElsewhere, type2Parent): own elements first, then
 * those inherited (Element.extension, DomainResource.text, BackboneElement.modifierExtension).
 */
export function childType(parent: ElementType, key: string): ElementType | undefined {
  // `_given`: the id and extensions of a primitive, an Element.
  if (key.startsWith('_')) return { type: 'Element', path: 'Element' };
  for (let path: string | undefined = parent.path; path !== undefined; path = parentPath(path)) {
    const found = ownChild(path, key);
    if (found) return found;
  }
  return undefined;
}

function ownChild(path: string, key: string): ElementType | undefined {
  const at = `${path}.${key}`;
  const elsewhere = r4.pathsDefinedElsewhere[at];
  if (elsewhere !== undefined) return { type: 'BackboneElement', path: elsewhere };
  const type = r4.path2Type[at] ?? choiceType(path, key);
  if (type === undefined) return undefined;
  return { type, path: BACKBONE.has(type) ? at : type };
}

/** `valueReference` under `Extension.value[x]` → `Reference` (choiceTypePaths lists the types). */
function choiceType(path: string, key: string): string | undefined {
  for (let split = 1; split < key.length; split++) {
    const suffix = key.slice(split);
    if (suffix[0] !== suffix[0]?.toUpperCase()) continue;
    const types = r4.choiceTypePaths[`${path}.${key.slice(0, split)}`];
    if (types?.includes(suffix)) return isModelType(suffix) ? suffix : suffix[0]?.toLowerCase() + suffix.slice(1);
  }
  return undefined;
}

/** Where inherited elements are found: a type's parent type; a backbone element's BackboneElement. */
function parentPath(path: string): string | undefined {
  if (path.includes('.')) return 'BackboneElement';
  return isModelType(path) ? r4.type2Parent[path] : undefined;
}

/**
 * A type the model knows, by its own keys only: `'__proto__' in table` and `'constructor' in
 * table` are true of every object, and a body's `resourceType` may be either (a 500 once).
 */
function isModelType(name: string): boolean {
  return Object.hasOwn(r4.type2Parent, name);
}
