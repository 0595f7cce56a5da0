import { createRequire } from 'node:module';
import { ucumSyntaxValid } from './ucum-syntax.js';

interface UcumValidation {
  status: 'valid' | 'invalid' | 'error';
}
interface UcumUtils {
  validateUnitString(code: string, suggest: boolean): UcumValidation;
}

/** Codes whose verdict is kept (one check takes 10 µs to a few ms). */
const MAX_CACHED = 10_000;
const verdicts = new Map<string, boolean>();
let utils: UcumUtils | undefined;

/**
 * Whether `code` is a UCUM unit expression whose symbols are UCUM units (https://ucum.org/ucum),
 * by `@lhncbc/ucum-lhc` (NLM's UCUM library, also fhirpath.js's), loaded at the first UCUM code.
 * The syntax check runs first: the library trims what it is given and writes the codes it cannot
 * parse to the console, and logs carry no submitted values.
 */
export function ucumValid(code: string): boolean {
  let verdict = verdicts.get(code);
  if (verdict === undefined) {
    verdict = ucumSyntaxValid(code) && ucumUtils().validateUnitString(code, false).status === 'valid';
    if (verdicts.size >= MAX_CACHED) verdicts.delete(verdicts.keys().next().value ?? '');
    verdicts.set(code, verdict);
  }
  return verdict;
}

function ucumUtils(): UcumUtils {
  // The library ships CommonJS without types.
  utils ??= (
    createRequire(import.meta.url)('@lhncbc/ucum-lhc') as { UcumLhcUtils: { getInstance(): UcumUtils } }
  ).UcumLhcUtils.getInstance();
  return utils;
}
