import type { UserInvocationTable } from 'fhirpath';

/**
 * FHIRPath's regular-expression functions (http://hl7.org/fhir/R4/fhirpath.html#functions,
 * `matches`, `replaceMatches`) with a guard against catastrophic backtracking. One `matches()` is
 * one step of the evaluation budget (evaluation-budget.ts), and JavaScript cannot interrupt a
 * regular expression, so a posted constraint such as `matches('^(a+)+$')` on a long `aaa…b` would
 * hold the event loop for minutes. A pattern with a quantified group that itself contains a
 * quantifier (star height above one: the shape of every exponential backtracking case) is not
 * run: the constraint fails to evaluate, which the checker reports as one `warning` "not checked".
 * A group led by an unrepeated literal delimiter is let through (R4's eld-19 / eld-20). Overlapping
 * alternatives under one quantifier (`(a|a)*`) are not detected; strings over MAX_REGEX_INPUT
 * characters are not matched either (not checked).
 */

/** Longer strings are not matched (the constraint is not checked): 64 KiB of text in one element. */
export const MAX_REGEX_INPUT = 65_536;

const QUANTIFIER = /^(?:[*+?]|\{\d+(?:,\d*)?\})/;

/** Whether a quantifier (as text) lets its atom repeat more than once. */
function repeats(quantifier: string): boolean {
  if (quantifier === '?') return false;
  const bounds = /^\{(\d+)(?:,(\d*))?\}$/.exec(quantifier);
  if (!bounds) return true; // * or +
  const [, min, max] = bounds;
  return max === undefined ? Number(min) > 1 : max === '' || Number(max) > 1;
}

const CLASS_ESCAPE = /^[dDwWsSbBpP]$/;

/**
 * Whether a group's content begins with a literal that is not itself repeated (`\\.x+`, `:y*`):
 * each repetition then starts at a delimiter, which keeps R4's eld-19 / eld-20 path patterns
 * (`(\\.[a-z][A-Za-z0-9]*)*`) linear in practice. A heuristic, not a proof.
 */
function delimiterLed(content: string): boolean {
  const body = content.replace(/^\?(?::|=|!|<=|<!|<[A-Za-z]\w*>)/, '');
  let atom: string;
  if (body.startsWith('\\')) {
    if (CLASS_ESCAPE.test(body[1] ?? '')) return false;
    atom = body.slice(0, 2);
  } else {
    if (body === '' || '([.^$|)'.includes(body[0] ?? '')) return false;
    atom = body.slice(0, 1);
  }
  return !QUANTIFIER.test(body.slice(atom.length));
}

/** True when a repeated group contains a repeated atom (`(a+)+`, `(\\d*x)*`, `(a{2,})+`). */
export function backtracksCatastrophically(pattern: string): boolean {
  const groups: Array<{ start: number; repeats: boolean }> = []; // open groups
  let inClass = false;
  for (let i = 0; i < pattern.length; i += 1) {
    const char = pattern[i];
    if (char === '\\') i += 1;
    else if (inClass) inClass = char !== ']';
    else if (char === '[') inClass = true;
    else if (char === '(') groups.push({ start: i + 1, repeats: false });
    else {
      const group = char === ')' ? groups.pop() : undefined;
      const innerRepeats = group?.repeats ?? false;
      const quantifier = QUANTIFIER.exec(pattern.slice(group ? i + 1 : i))?.[0];
      const repeated = quantifier !== undefined && repeats(quantifier);
      if (repeated && innerRepeats && !delimiterLed(pattern.slice(group?.start ?? i, i))) return true;
      const enclosing = groups[groups.length - 1];
      if ((repeated || innerRepeats) && enclosing) enclosing.repeats = true;
      if (quantifier !== undefined) i += group ? quantifier.length : quantifier.length - 1;
    }
  }
  return false;
}

/** fhirpath.js's flags for `matches`: always unicode and dot-all, plus FHIRPath's `i` / `m`. */
function regexFlags(flags: string | undefined): string {
  if (flags !== undefined && !/^[im]*$/.test(flags)) throw new Error('matches flags must only contain i and/or m');
  return `u${flags ?? ''}s`;
}

/** Checked and compiled once per (flags, pattern); the cache is dropped whole past this many entries. */
const MAX_CACHED = 1_000;
const compiled = new Map<string, RegExp | Error>();

function guardedRegex(pattern: string, flags: string, input: string): RegExp {
  const key = `${flags}\u0000${pattern}`;
  let regex = compiled.get(key);
  if (regex === undefined) {
    if (compiled.size >= MAX_CACHED) compiled.clear();
    regex = backtracksCatastrophically(pattern)
      ? new Error('the regular expression may backtrack catastrophically (a repeated group repeats inside)')
      : compileRegex(pattern, flags);
    compiled.set(key, regex);
  }
  if (regex instanceof Error) throw regex;
  if (input.length > MAX_REGEX_INPUT) throw new Error(`the string is longer than ${MAX_REGEX_INPUT} characters`);
  // A shared `g` regex keeps its position between calls: each use starts at the beginning.
  regex.lastIndex = 0;
  return regex;
}

/** A syntax error is kept as the pattern's verdict too, so a bad pattern is not parsed again. */
function compileRegex(pattern: string, flags: string): RegExp | Error {
  try {
    return new RegExp(pattern, flags);
  } catch (error) {
    return error instanceof Error ? error : new Error(String(error));
  }
}

/** The single string of the input collection, as FHIRPath's singleton evaluation; undefined if empty. */
function singleString(coll: readonly unknown[]): string | undefined {
  if (coll.length === 0) return undefined;
  const [value] = coll;
  if (coll.length > 1 || typeof value !== 'string') throw new Error('a regular expression function needs one string');
  return value;
}

function matches(coll: readonly unknown[], regex: string | undefined, flags?: string): boolean | [] {
  const input = singleString(coll);
  if (input === undefined || regex === undefined || regex === '') return [];
  return guardedRegex(regex, regexFlags(flags), input).test(input);
}

function replaceMatches(coll: readonly unknown[], regex: string | undefined, substitution: string | undefined) {
  const input = singleString(coll);
  if (input === undefined || regex === undefined || regex === '' || substitution === undefined) return [];
  return input.replace(guardedRegex(regex, 'gu', input), substitution);
}

/** Entries of fhirpath.js's `userInvocationTable` that replace its own regular-expression functions. */
export const guardedRegexFunctions: UserInvocationTable = {
  matches: { fn: matches, arity: { 1: ['String'], 2: ['String', 'String'] } },
  matchesFull: {
    fn: (coll: readonly unknown[], regex: string | undefined, flags?: string) =>
      matches(coll, regex === undefined || regex === '' ? regex : `^(?:${regex})$`, flags),
    arity: { 1: ['String'], 2: ['String', 'String'] },
  },
  replaceMatches: { fn: replaceMatches, arity: { 2: ['String', 'String'] } },
};
