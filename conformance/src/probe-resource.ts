import r4 from 'fhirpath/fhir-context/r4';

const path2Type: Readonly<Record<string, string>> = r4.path2Type ?? {};
const path2Repeating: Readonly<Record<string, boolean>> = r4.path2Repeating ?? {};
/** The leading element path of a term: `Patient.name.given.single()` → `.name.given`. */
const ELEMENT_PATH = /^\(*[A-Za-z]+((?:\.[a-z][A-Za-z0-9]*(?![A-Za-z0-9(]))*)/;

/**
 * A small resource of type `base` that has the element path one union term starts with, each
 * repeating element twice (R4 model of fhirpath.js): evaluating an expression against
 * it reaches the functions and variables that real data would, so `given.single()` (two given
 * names) or `select(%undefinedvar)` fail when the SearchParameter is created, not at every write.
 */
export function probeResource(base: string, term: string): Record<string, unknown> {
  const resource: Record<string, unknown> = { resourceType: base };
  addPath(resource, base, (ELEMENT_PATH.exec(term)?.[1] ?? '').split('.').slice(1));
  return resource;
}

function addPath(node: Record<string, unknown>, path: string, [name, ...rest]: string[]): void {
  if (name === undefined) return;
  const full = `${path}.${name}`;
  const type = path2Type[full];
  if (type === undefined) return; // a choice type (value[x]) or no element: stop here
  // Backbone elements are described under their own path, data types under the type name.
  const inner = type === 'BackboneElement' || type === 'Element' ? full : type;
  const make = (): unknown => {
    if (rest.length === 0) return leaf(type);
    const child: Record<string, unknown> = {};
    addPath(child, inner, rest);
    return child;
  };
  node[name] = path2Repeating[full] ? [make(), make()] : make();
}

function leaf(type: string): unknown {
  if (type === 'boolean' || type === 'System.Boolean') return true;
  if (/^(integer|decimal|positiveInt|unsignedInt|System\.(Integer|Decimal))$/.test(type)) return 1;
  if (type === 'date' || type === 'System.Date') return '2020-01-01';
  if (type === 'dateTime' || type === 'instant' || type === 'System.DateTime') return '2020-01-01T00:00:00Z';
  return /^[A-Z]/.test(type) && !type.startsWith('System.') ? {} : 'probe';
}
