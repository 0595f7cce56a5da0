/**
 * ajv (8.x) merges the errors of every `$ref` call and custom keyword with
 * `vErrors = vErrors === null ? e : vErrors.concat(e)`: a copy of all errors so far per failing
 * call, quadratic when thousands of array items each fail (a Patient with 32,000 bad telecoms took
 * 13 s, the event loop blocked). ajv already appends its own errors in place (`vErrors.push`), so
 * the generated code appends these in place too, through ajv's `code.process` hook.
 */
const CONCAT = /vErrors === null \? ([\w$.]+) : vErrors\.concat\(\1\)/g;

/** The in-place append, in the generated code's own scope (a loop: `push(...e)` overflows on huge `e`). */
const APPEND =
  'vErrors === null ? $1 : (function (a, b) { for (var i = 0; i < b.length; i++) a.push(b[i]); return a; })(vErrors, $1)';

/** Rewrites the error merges of one compiled ajv function; the count tells a test whether ajv's codegen still matches. */
export function appendErrorsInPlace(code: string): { code: string; rewritten: number } {
  let rewritten = 0;
  const result = code.replace(CONCAT, (...match: string[]) => {
    rewritten += 1;
    return APPEND.replace(/\$1/g, match[1] ?? '');
  });
  return { code: result, rewritten };
}
