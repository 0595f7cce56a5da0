/** Narrowing helpers for FHIR JSON read as `unknown`. */
export const json = {
  record(value: unknown): Record<string, unknown> | undefined {
    return typeof value === 'object' && value !== null && !Array.isArray(value)
      ? (value as Record<string, unknown>)
      : undefined;
  },
  string(value: unknown): string | undefined {
    return typeof value === 'string' && value !== '' ? value : undefined;
  },
  strings(value: unknown): string[] {
    if (typeof value === 'string') return value === '' ? [] : [value];
    return Array.isArray(value) ? value.filter((v): v is string => typeof v === 'string' && v !== '') : [];
  },
  array(value: unknown): unknown[] {
    if (value === undefined || value === null) return [];
    return Array.isArray(value) ? value : [value];
  },
};
