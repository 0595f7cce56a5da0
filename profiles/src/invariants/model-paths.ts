import r4 from 'fhirpath/fhir-context/r4';

/** The R4 model's type names (fhirpath.js has them; its declarations leave them out). */
const availableTypes = (r4 as { availableTypes?: ReadonlySet<string> }).availableTypes ?? new Set<string>();

/**
 * The JSON properties that hold an element `name` of a node at fhirpath.js's model path
 * `parentPath`: `name` itself, or `name<Type>` for each type of a choice element
 * (http://hl7.org/fhir/R4/formats.html#choice). Mirrors fhirpath.js's makeChildResNodes.
 */
export function elementProperties(parentPath: string, name: string): readonly ElementProperty[] {
  let byName = propertyCache.get(parentPath);
  if (byName === undefined) {
    byName = new Map();
    propertyCache.set(parentPath, byName);
  }
  let properties = byName.get(name);
  if (properties === undefined) {
    const key = `${parentPath}.${name}`;
    const types = r4.choiceTypePaths[r4.pathsDefinedElsewhere[key] ?? key];
    properties = (types ? types.map((type) => name + type) : [name]).map((json) => ({ json, primitive: `_${json}` }));
    byName.set(name, properties);
  }
  return properties;
}

/** A JSON property and its primitive-extension twin (`_birthDate`), names built once. */
export interface ElementProperty {
  readonly json: string;
  readonly primitive: string;
}

const propertyCache = new Map<string, Map<string, readonly ElementProperty[]>>();

/**
 * The model path fhirpath.js gives the root node when compiled with `{ base }` (its _compile):
 * recursive paths folded (`Questionnaire.item.item` → `Questionnaire.item`), then the element's
 * type unless that is BackboneElement or Element. A resource (no base) has its resourceType.
 */
export function modelPath(base: string): string {
  let path = basePathCache.get(base);
  if (path === undefined) {
    path = base.replace(/\[\d*]/g, '');
    let changed = true;
    while (changed) {
      changed = false;
      for (const [from, to] of Object.entries(r4.pathsDefinedElsewhere)) {
        if (path.startsWith(from)) {
          path = to + path.slice(from.length);
          changed = true;
          break;
        }
      }
    }
    path = r4.pathsDefinedElsewhere[path] ?? path;
    const type = availableTypes.has(path) ? path : r4.path2Type[path];
    if (type !== undefined && type !== 'BackboneElement' && type !== 'Element') path = type;
    basePathCache.set(base, path);
  }
  return path;
}

const basePathCache = new Map<string, string>();

/**
 * The model path of the values of element `name` under `parentPath`, as fhirpath.js types them:
 * the element's type, or the element's own path for BackboneElement/Element; undefined for a
 * choice (its type depends on the JSON name) or an element the model does not know.
 */
export function childModelPath(parentPath: string, name: string): string | undefined {
  let byName = childPathCache.get(parentPath);
  if (byName === undefined) {
    byName = new Map();
    childPathCache.set(parentPath, byName);
  }
  if (byName.has(name)) return byName.get(name);
  const key = `${parentPath}.${name}`;
  const path = r4.pathsDefinedElsewhere[key] ?? key;
  const type = r4.choiceTypePaths[path] ? undefined : r4.path2Type[path];
  const child = type === 'BackboneElement' || type === 'Element' ? path : type;
  byName.set(name, child);
  return child;
}

const childPathCache = new Map<string, Map<string, string | undefined>>();
