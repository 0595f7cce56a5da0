import type { Parameters, ParametersParameter, Resource } from '@medplum/fhirtypes';
import fhirpath, { type ResourceNode } from 'fhirpath';
import r4 from 'fhirpath/fhir-context/r4';
import { OperationOutcomeError } from '../../errors/outcome-error.js';

/** Far longer than any real patch path; bounds what a hostile one makes the FHIRPath parser do. */
const MAX_PATH_LENGTH = 1000;

type JsonObject = Record<string, unknown>;
type OperationType = 'add' | 'insert' | 'delete' | 'replace' | 'move';

interface PatchOperation {
  type: OperationType;
  path: string;
  name?: string;
  value?: unknown;
  index?: number;
  source?: number;
  destination?: number;
}

/** Where a FHIRPath result sits: its container object, property and (for lists) position. */
interface Location {
  container: JsonObject;
  key: string;
  index: number | undefined;
}

/**
 * FHIRPath Patch (http://hl7.org/fhir/R4/fhirpatch.html): a Parameters resource whose
 * `operation` parameters add, insert, delete, replace or move elements located by FHIRPath
 * (evaluated with fhirpath.js on the R4 model), applied in order to a copy of the resource.
 * A malformed operation is a 400; a path that does not resolve as its type needs a 422.
 */
export function applyFhirPathPatch(resource: Resource, patch: Parameters, prefix: string): Resource {
  const target = structuredClone(resource) as unknown as JsonObject;
  (patch.parameter ?? []).forEach((parameter, i) => {
    const at = `${prefix}.parameter[${i}]`;
    applyOperation(target, parseOperation(parameter, at), at);
  });
  // fhirpath.js may annotate what it evaluated; only plain JSON goes on.
  return JSON.parse(JSON.stringify(target)) as Resource;
}

function parseOperation(parameter: ParametersParameter, at: string): PatchOperation {
  if (parameter.name !== 'operation') {
    throw OperationOutcomeError.of('invalid', "A FHIRPath Patch holds only 'operation' parameters", `${at}.name`);
  }
  const parts = new Map((parameter.part ?? []).map((part) => [part.name, part]));
  const type = parts.get('type')?.valueCode;
  const path = parts.get('path')?.valueString;
  if (!['add', 'insert', 'delete', 'replace', 'move'].includes(type ?? '')) {
    throw OperationOutcomeError.of('invalid', 'type must be add, insert, delete, replace or move', `${at}.part`);
  }
  if (path === undefined || path.length > MAX_PATH_LENGTH) {
    throw OperationOutcomeError.of(
      'invalid',
      `path must be a FHIRPath of at most ${MAX_PATH_LENGTH} characters`,
      `${at}.part`,
    );
  }
  const operation: PatchOperation = { type: type as OperationType, path };
  const name = parts.get('name')?.valueString;
  if (name !== undefined) operation.name = name;
  const value = parts.get('value');
  if (value !== undefined) operation.value = partValue(value);
  for (const key of ['index', 'source', 'destination'] as const) {
    const n = parts.get(key)?.valueInteger;
    if (n !== undefined) operation[key] = n;
  }
  return operation;
}

/** A part's value: its value[x], its resource, or an element built from its own parts. */
function partValue(part: ParametersParameter): unknown {
  if (part.resource !== undefined) return part.resource;
  const valueKey = Object.keys(part).find((key) => key.startsWith('value'));
  if (valueKey !== undefined) return (part as unknown as JsonObject)[valueKey];
  return Object.fromEntries((part.part ?? []).map((child) => [child.name, partValue(child)]));
}

function applyOperation(resource: JsonObject, op: PatchOperation, at: string): void {
  const nodes = evaluate(resource, op.path, at);
  const need = (what: string) => OperationOutcomeError.of('processing', `${op.type}: ${what}`, at, 422);
  switch (op.type) {
    case 'add': {
      const [node, ...more] = nodes;
      if (!node || more.length > 0 || !isObject(node.data)) throw need('the path must name one element');
      if (op.name === undefined || op.value === undefined) throw required(at, 'name and value');
      addProperty(node.data, op.name, op.value, repeats(node, op.name), need);
      return;
    }
    case 'replace': {
      const [node, ...more] = nodes;
      if (!node || more.length > 0) throw need('the path must name exactly one element');
      if (op.value === undefined) throw required(at, 'value');
      set(locate(node), op.value);
      return;
    }
    case 'delete': {
      if (nodes.length > 1) throw need('the path names more than one element');
      if (nodes[0]) remove(locate(nodes[0]));
      return;
    }
    case 'insert': {
      if (op.value === undefined || op.index === undefined) throw required(at, 'value and index');
      const list = listAt(resource, op.path, nodes, at);
      if (op.index < 0 || op.index > list.length) throw need(`index must be between 0 and ${list.length}`);
      list.splice(op.index, 0, op.value);
      return;
    }
    case 'move': {
      if (op.source === undefined || op.destination === undefined) throw required(at, 'source and destination');
      const list = listAt(resource, op.path, nodes, at);
      const inRange = (n: number) => n >= 0 && n < list.length;
      if (!inRange(op.source) || !inRange(op.destination)) throw need('source and destination must be in the list');
      const [moved] = list.splice(op.source, 1);
      list.splice(op.destination, 0, moved);
      return;
    }
  }
}

function evaluate(resource: JsonObject, path: string, at: string): ResourceNode[] {
  try {
    return fhirpath.evaluate(resource, path, undefined, r4, { resolveInternalTypes: false }) as ResourceNode[];
  } catch {
    throw OperationOutcomeError.of('invalid', 'path is not a valid FHIRPath expression', `${at}.part`);
  }
}

function locate(node: ResourceNode): Location {
  const container = node.parentResNode?.data as unknown;
  if (!isObject(container) || node.propName === undefined) {
    throw OperationOutcomeError.of('processing', 'The path names the resource itself', undefined, 422);
  }
  return { container, key: node.propName, index: typeof node.index === 'number' ? node.index : undefined };
}

function set({ container, key, index }: Location, value: unknown): void {
  const current = container[key];
  if (index !== undefined && Array.isArray(current)) current[index] = value;
  else container[key] = value;
}

/** Removes the element, with its primitive extensions (`_given[i]`), and lists left empty. */
function remove({ container, key, index }: Location): void {
  for (const name of [key, `_${key}`]) {
    const current = container[name];
    if (index !== undefined && Array.isArray(current)) {
      current.splice(index, 1);
      if (current.length === 0) delete container[name];
    } else delete container[name];
  }
}

/** The list a path names (insert, move): found through its elements, or empty at a simple path. */
function listAt(resource: JsonObject, path: string, nodes: ResourceNode[], at: string): unknown[] {
  const [first] = nodes;
  if (first) {
    const { container, key } = locate(first);
    const list = container[key];
    if (Array.isArray(list) && nodes.every((n) => n.parentResNode?.data === container)) return list;
    throw OperationOutcomeError.of('processing', 'The path must name one list', at, 422);
  }
  const split = /^(.*)\.([A-Za-z][A-Za-z0-9]*)$/.exec(path);
  const parents = split ? evaluate(resource, split[1] ?? '', at) : [];
  const [parent, ...more] = parents;
  if (!split || !parent || more.length > 0 || !isObject(parent.data)) {
    throw OperationOutcomeError.of('processing', 'The path names no list', at, 422);
  }
  const list: unknown[] = [];
  parent.data[split[2] ?? ''] = list;
  return list;
}

function addProperty(
  container: JsonObject,
  name: string,
  value: unknown,
  repeating: boolean,
  need: (what: string) => OperationOutcomeError,
): void {
  const current = container[name];
  if (Array.isArray(current)) current.push(value);
  else if (current !== undefined) throw need(`${name} already has a value (use replace)`);
  else container[name] = repeating ? [value] : value;
}

/** Whether the element `name` of a node's type repeats, per the R4 model (fhirpath.js). */
function repeats(node: ResourceNode, name: string): boolean {
  const repeating = (r4 as unknown as { path2Repeating: Record<string, boolean> }).path2Repeating;
  return repeating[`${node.path ?? ''}.${name}`] === true;
}

function required(at: string, what: string): OperationOutcomeError {
  return OperationOutcomeError.of('required', `This operation needs ${what}`, `${at}.part`);
}

function isObject(value: unknown): value is JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
