import fhirpath from 'fhirpath';
import { childModelPath, elementProperties } from './model-paths.js';

/**
 * FHIRPath's three-valued booleans (http://hl7.org/fhir/R4/fhirpath.html, "Boolean logic"):
 * true, false, `null` for the empty collection; `undefined` when this evaluator cannot tell.
 */
type Tri = boolean | null | undefined;

type JsonObject = Readonly<Record<string, unknown>>;

/** A collection of JSON values; `path` is their fhirpath.js model path when known. */
interface Collection {
  readonly values: readonly unknown[];
  /** Some item is a primitive with only an extension (`_name`): it exists, its value is not ours. */
  readonly extensionOnly: boolean;
  readonly path: string | undefined;
}

type BooleanTerm = (node: JsonObject, path: string) => Tri;
type CollectionTerm = (node: JsonObject, path: string) => Collection | undefined;

interface AstNode {
  readonly type: string;
  readonly text?: string;
  readonly children?: readonly AstNode[];
}

/**
 * Any sub-expression this evaluator does not know: it cannot tell, but the operators around it
 * still may (`false implies …` is true whatever follows; `x.exists() implies (x.resolve()…)`, ctm-1).
 */
const undecided: BooleanTerm = () => undefined;

const given = (value: unknown): boolean => value !== undefined && value !== null;
const EMPTY: Collection = { values: [], extensionOnly: false, path: undefined };
const isEmpty = (c: Collection): boolean => c.values.length === 0 && !c.extensionOnly;

/** Functions that give the empty collection for an empty input: `x.where(…).empty()` with no x. */
const EMPTY_PRESERVING = new Set(['where', 'select', 'first', 'last', 'tail', 'ofType', 'as', 'resolve', 'distinct']);

/**
 * A member of each object of the input; undefined where fhirpath.js might see it otherwise. Only
 * the root may be a resource: a nested one (Bundle.entry.resource) is typed by its resourceType.
 */
function member(input: Collection, name: string, root = false): Collection | undefined {
  if (input.path === undefined || input.extensionOnly) return undefined;
  const values: unknown[] = [];
  let extensionOnly = false;
  for (const item of input.values) {
    if (typeof item !== 'object' || item === null || Array.isArray(item)) return undefined;
    if (!root && 'resourceType' in item) return undefined;
    for (const { json, primitive } of elementProperties(input.path, name)) {
      const value = (item as JsonObject)[json];
      const extension = (item as JsonObject)[primitive];
      if (Array.isArray(value) ? !value.every(given) : false) return undefined;
      if (given(extension) && !given(value)) extensionOnly = true;
      else if (Array.isArray(extension) && !extension.every(given)) return undefined;
      if (Array.isArray(value)) values.push(...(value as unknown[]));
      else if (given(value)) values.push(value);
    }
  }
  return { values, extensionOnly, path: childModelPath(input.path, name) };
}

/** The one primitive value of a collection, null when empty, undefined when not a single primitive. */
function single(c: Collection): string | number | boolean | null | undefined {
  if (isEmpty(c)) return null;
  if (c.extensionOnly || c.values.length !== 1) return undefined;
  const [value] = c.values;
  return typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean' ? value : undefined;
}

function stringLiteral(ast: AstNode | undefined): string | undefined {
  const literal = ast?.type === 'TermExpression' ? ast.children?.[0]?.children?.[0] : undefined;
  const text = literal?.type === 'StringLiteral' ? literal.text : undefined;
  return text && !text.includes('\\') ? text.slice(1, -1) : undefined;
}

function functionCall(ast: AstNode | undefined): { name: string; params: readonly AstNode[] } | undefined {
  if (ast?.type !== 'FunctionInvocation' || !ast.text) return undefined;
  const parts = ast.children?.[0]?.children ?? [];
  return { name: ast.text, params: parts[1]?.type === 'ParamList' ? (parts[1].children ?? []) : [] };
}

function compileCollection(ast: AstNode | undefined): CollectionTerm | undefined {
  const kids = ast?.children ?? [];
  if (ast?.type === 'TermExpression') {
    const head = kids[0]?.type === 'InvocationTerm' ? kids[0].children?.[0] : undefined;
    const name = head?.type === 'MemberInvocation' ? head.text : undefined;
    return name ? (node, path) => member({ values: [node], extensionOnly: false, path }, name, true) : undefined;
  }
  if (ast?.type !== 'InvocationExpression') return undefined;
  const input = compileCollection(kids[0]);
  if (!input) return undefined;
  if (kids[1]?.type === 'MemberInvocation' && kids[1].text) {
    const name = kids[1].text;
    return (node, path) => {
      const c = input(node, path);
      return c && member(c, name);
    };
  }
  const call = functionCall(kids[1]);
  if (call?.name === 'where' && call.params.length === 1) {
    const criteria = compileBoolean(call.params[0]);
    if (criteria && criteria !== undecided) return filtered(input, criteria);
  }
  if (!call || !EMPTY_PRESERVING.has(call.name)) return undefined;
  return (node, path) => {
    const c = input(node, path);
    return c && isEmpty(c) ? EMPTY : undefined;
  };
}

/** `x.where(criteria)`: the items for which the criteria is true (empty and false drop them). */
function filtered(input: CollectionTerm, criteria: BooleanTerm): CollectionTerm {
  return (node, path) => {
    const c = input(node, path);
    if (!c || isEmpty(c)) return c && EMPTY;
    if (c.extensionOnly || c.path === undefined) return undefined;
    const kept: unknown[] = [];
    for (const item of c.values) {
      if (typeof item !== 'object' || item === null || Array.isArray(item) || 'resourceType' in item) return undefined;
      const verdict = criteria(item as JsonObject, c.path);
      if (verdict === undefined) return undefined;
      if (verdict === true) kept.push(item);
    }
    return { values: kept, extensionOnly: false, path: c.path };
  };
}

/** `<collection>.fn(…)` with a boolean answer. */
function booleanCall(
  target: AstNode | undefined,
  call: { name: string; params: readonly AstNode[] },
): BooleanTerm | undefined {
  if (call.name === 'not' && call.params.length === 0) {
    const inner = compileBoolean(target);
    return inner && ((n, p) => not(inner(n, p)));
  }
  const input = compileCollection(target);
  if (!input) return undefined;
  const on =
    (test: (c: Collection) => Tri): BooleanTerm =>
    (n, p) => {
      const c = input(n, p);
      return c && test(c);
    };
  const literal = call.params.length === 1 ? stringLiteral(call.params[0]) : undefined;
  if (call.params.length === 0) {
    if (call.name === 'exists') return on((c) => !isEmpty(c));
    if (call.name === 'empty') return on(isEmpty);
    if (call.name === 'hasValue') return on((c) => (isEmpty(c) ? false : single(c) === undefined ? undefined : true));
  }
  if (call.name === 'contains' && literal !== undefined) {
    return on((c) => {
      const value = single(c);
      return typeof value === 'string' ? value.includes(literal) : value === null ? null : undefined;
    });
  }
  return undefined;
}

function equality(ast: AstNode): BooleanTerm | undefined {
  const left = compileCollection(ast.children?.[0]);
  const literal = stringLiteral(ast.children?.[1]);
  if (!left || literal === undefined || (ast.text !== '=' && ast.text !== '!=')) return undefined;
  const equal = ast.text === '=';
  return (n, p) => {
    const c = left(n, p);
    const value = c && single(c);
    if (value === null) return null;
    return typeof value === 'string' ? (value === literal) === equal : undefined;
  };
}

const not = (a: Tri): Tri => (typeof a === 'boolean' ? !a : a);

/** FHIRPath's or / and / xor / implies over three-valued operands (right side evaluated lazily). */
function logic(operator: string | undefined, a: Tri, b: () => Tri): Tri {
  if (operator === 'or' && a === true) return true;
  if (operator === 'and' && a === false) return false;
  if (operator === 'implies' && a === false) return true;
  const r = b();
  if (operator === 'or') return absorbing(a, r, true);
  if (operator === 'and') return absorbing(a, r, false);
  if (operator === 'implies')
    return r === true ? true : a === undefined || r === undefined ? undefined : a === true ? r : null;
  if (a === undefined || r === undefined) return undefined; // xor
  return a === null || r === null ? null : a !== r;
}

/** `or` (absorbing true) and `and` (absorbing false), `a` already known not to absorb. */
function absorbing(a: Tri, r: Tri, absorb: boolean): Tri {
  if (r === absorb) return absorb;
  if (a === undefined || r === undefined) return undefined;
  return a === !absorb && r === !absorb ? !absorb : null;
}

function compileBoolean(ast: AstNode | undefined): BooleanTerm | undefined {
  const kids = ast?.children ?? [];
  switch (ast?.type) {
    case 'EntireExpression':
    case 'ParenthesizedTerm':
      return kids.length === 1 ? compileBoolean(kids[0]) : undefined;
    case 'TermExpression':
      return kids[0]?.type === 'ParenthesizedTerm' ? compileBoolean(kids[0]) : undefined;
    case 'OrExpression':
    case 'AndExpression':
    case 'ImpliesExpression': {
      const [left, right] = [compileBoolean(kids[0]) ?? undecided, compileBoolean(kids[1]) ?? undecided];
      const operator = ast.text;
      return (n, p) => logic(operator, left(n, p), () => right(n, p));
    }
    case 'EqualityExpression':
      return equality(ast);
    case 'InvocationExpression': {
      const call = functionCall(kids[1]);
      return (call && booleanCall(kids[0], call)) ?? undecided;
    }
    default:
      return undecided;
  }
}

/** true: holds; false: violated; undefined: ask the engine. */
export type LogicVerdict = (node: unknown, path: string) => boolean | undefined;

/**
 * A native evaluator for constraints built from `and`/`or`/`xor`/`implies`/`not()` over
 * `exists()`/`empty()`/`hasValue()`/`contains('…')`/`= '…'` of member paths, `where(…)` of those —
 * pat-1, obs-6, con-4, con-5,
 * cpt-2, qty-3, bdl-1/2/8, most "x only if y" rules — or undefined for any other expression.
 * fhirpath.js costs tens of microseconds per evaluation; this well under one. Where it cannot
 * tell (a choice mid-path, a null in an array, several values, a `_name` extension where a value
 * is compared), it answers undefined and the engine decides.
 */
export function compileExistenceLogic(expression: string): LogicVerdict | undefined {
  let term: BooleanTerm | undefined;
  try {
    term = compileBoolean((fhirpath.parse(expression) as AstNode).children?.[0]);
  } catch {
    return undefined;
  }
  if (!term || term === undecided) return undefined;
  const evaluate = term;
  return (node, path) => {
    if (typeof node !== 'object' || node === null || Array.isArray(node)) return undefined;
    const result = evaluate(node as JsonObject, path);
    return result === undefined ? undefined : result !== false;
  };
}
