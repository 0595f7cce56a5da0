import { createRequire } from 'node:module';
import { ucumValid } from '@nexushealth/profiles';

/** UCUM (http://unitsofmeasure.org), as quantity search names it (search.html#quantity). */
export const UCUM_SYSTEM = 'http://unitsofmeasure.org';

interface UcumConversion {
  status: string;
  magnitude?: number;
  unitToExp?: Record<string, number>;
  fromUnitIsSpecial?: boolean;
}
interface UcumUtils {
  convertToBaseUnits(code: string, value: number): UcumConversion;
}

// @lhncbc/ucum-lhc (NLM's UCUM library, also fhirpath.js's) ships CommonJS without types.
const { UcumLhcUtils } = createRequire(import.meta.url)('@lhncbc/ucum-lhc') as {
  UcumLhcUtils: { getInstance(): UcumUtils };
};

/** A UCUM code's factor to its base units and their name, e.g. mg → 0.001, "g". */
interface BaseUnit {
  factor: number;
  unit: string;
}

/** Codes whose conversion is kept: clients choose the codes, so the cache is bounded. */
const MAX_CACHED = 10_000;
const cache = new Map<string, BaseUnit | undefined>();

/**
 * A UCUM code as base units (g, m, s, …), so that `5.4|http://unitsofmeasure.org|mg` finds a
 * stored `5400 ug`. Undefined for invalid codes and for non-linear ("special") units such as Cel,
 * which are then matched by their code as written. Conversions are cached per code (one takes
 * about 70 µs).
 */
export function ucumBaseUnit(code: string): BaseUnit | undefined {
  if (!cache.has(code)) {
    if (cache.size >= MAX_CACHED) cache.delete(cache.keys().next().value ?? '');
    cache.set(code, convert(code));
  }
  return cache.get(code);
}

function convert(code: string): BaseUnit | undefined {
  // Checked first: the library writes codes it cannot parse to the console, and logs carry no
  // submitted values (a unit in a stored Quantity or a search is the client's text).
  if (!ucumValid(code)) return undefined;
  try {
    const result = UcumLhcUtils.getInstance().convertToBaseUnits(code, 1);
    if (result.status !== 'succeeded' || result.fromUnitIsSpecial || result.magnitude === undefined) return undefined;
    const unit = Object.entries(result.unitToExp ?? {})
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
      .map(([name, exp]) => (exp === 1 ? name : `${name}${exp}`))
      .join('.');
    return { factor: result.magnitude, unit: unit === '' ? '1' : unit };
  } catch {
    return undefined;
  }
}
