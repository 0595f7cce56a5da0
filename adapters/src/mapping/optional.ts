/** `{ [name]: values }` when there are values, else `{}`: FHIR arrays are never empty (ele-1). */
export function nonEmpty<K extends string, T>(name: K, values: readonly T[]): Partial<Record<K, T[]>> {
  return values.length === 0 ? {} : ({ [name]: [...values] } as Partial<Record<K, T[]>>);
}
