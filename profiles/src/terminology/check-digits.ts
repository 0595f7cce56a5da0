/**
 * Check digits of external code systems, for form checks without their content.
 * LOINC: mod 10 (the Luhn scheme) over the digits before the hyphen (https://loinc.org/kb/users-guide/,
 * "Calculating Mod 10 check digits"). SNOMED CT identifiers: Verhoeff
 * (https://confluence.ihtsdotools.org/display/DOCRELFMT/6.3+Check-digit).
 */

/** The mod-10 check digit of a string of decimal digits. */
export function mod10CheckDigit(digits: string): number {
  let sum = 0;
  for (let i = digits.length - 1, double = true; i >= 0; i--, double = !double) {
    const d = Number(digits[i]) * (double ? 2 : 1);
    sum += d > 9 ? d - 9 : d;
  }
  return (10 - (sum % 10)) % 10;
}

const VERHOEFF_D = [
  [0, 1, 2, 3, 4, 5, 6, 7, 8, 9],
  [1, 2, 3, 4, 0, 6, 7, 8, 9, 5],
  [2, 3, 4, 0, 1, 7, 8, 9, 5, 6],
  [3, 4, 0, 1, 2, 8, 9, 5, 6, 7],
  [4, 0, 1, 2, 3, 9, 5, 6, 7, 8],
  [5, 9, 8, 7, 6, 0, 4, 3, 2, 1],
  [6, 5, 9, 8, 7, 1, 0, 4, 3, 2],
  [7, 6, 5, 9, 8, 2, 1, 0, 4, 3],
  [8, 7, 6, 5, 9, 3, 2, 1, 0, 4],
  [9, 8, 7, 6, 5, 4, 3, 2, 1, 0],
];
/** Position permutations: the first is applied once more for each further position. */
const VERHOEFF_P1 = [1, 5, 7, 6, 2, 8, 3, 0, 9, 4];
const VERHOEFF_P = Array.from({ length: 8 }, (_, i) =>
  Array.from({ length: 10 }, (_, j) => {
    let d = j;
    for (let k = 0; k < i; k++) d = VERHOEFF_P1[d] ?? d;
    return d;
  }),
);

/** True when the last digit is the Verhoeff check digit of the others. */
export function verhoeffValid(digits: string): boolean {
  let c = 0;
  for (let i = 0; i < digits.length; i++) {
    const d = Number(digits[digits.length - 1 - i]);
    c = VERHOEFF_D[c]?.[VERHOEFF_P[i % 8]?.[d] ?? 0] ?? 0;
  }
  return c === 0;
}
