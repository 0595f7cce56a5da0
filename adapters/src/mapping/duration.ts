import type { Hl7Repetition } from '../hl7/repetition.js';

/** Duration units (CNE, ISO+/ANSI+ and UCUM spellings) in milliseconds. */
const unitMillis: Readonly<Record<string, number>> = {
  s: 1000,
  sec: 1000,
  min: 60_000,
  m: 60_000,
  h: 3_600_000,
  hr: 3_600_000,
  d: 86_400_000,
  wk: 604_800_000,
};

/**
 * A duration NM with its units CNE (AIS-7/AIS-8, SCH-9/SCH-10 …) in milliseconds. v2.5.1 §10.6.4.7:
 * the units default to minutes when not sent. Undefined when the amount is not a non-negative number
 * or the unit is not a time unit.
 */
export function durationMillis(amount: string | undefined, units: Hl7Repetition | undefined): number | undefined {
  if (amount === undefined || !/^\d+(\.\d+)?$/.test(amount.trim())) return undefined;
  const unit = units?.component(1)?.toLowerCase() ?? 'min';
  const millis = unitMillis[unit];
  return millis === undefined ? undefined : Number(amount) * millis;
}
