/**
 * How much a write is checked (VALIDATION, http://hl7.org/fhir/R4/validation.html):
 * - `off`: the body is a resource of the URL's type and passes the R4 JSON schema, nothing more;
 * - `base`: and the base R4 StructureDefinitions (cardinality, types, bindings, invariants, …);
 * - `profiles`: and every profile it claims in `meta.profile` and those REQUIRED_PROFILES names
 *   for its type (the default).
 */
export type ValidationLevel = 'off' | 'base' | 'profiles';

export const VALIDATION_LEVELS: readonly ValidationLevel[] = ['off', 'base', 'profiles'];

export interface ValidationSettings {
  level: ValidationLevel;
  /** Profiles every resource of a type must conform to, by type (REQUIRED_PROFILES). */
  requiredProfiles: ReadonlyMap<string, readonly string[]>;
  /** IG packages (`package.tgz` as published) loaded at start (IG_PACKAGES). */
  igPackages: readonly string[];
}

export function parseValidationLevel(value: string | undefined): ValidationLevel {
  const level = (value ?? 'profiles') as ValidationLevel;
  if (!VALIDATION_LEVELS.includes(level)) throw new Error(`VALIDATION must be one of ${VALIDATION_LEVELS.join(', ')}`);
  return level;
}

/** `Patient=url1,url2;Observation=url3` → Patient → [url1, url2], Observation → [url3]. */
export function parseRequiredProfiles(value: string | undefined): ReadonlyMap<string, readonly string[]> {
  const required = new Map<string, string[]>();
  for (const part of (value ?? '').split(';')) {
    if (part.trim() === '') continue;
    const [type, urls, ...rest] = part.split('=');
    const profiles = (urls ?? '').split(',').map((url) => url.trim());
    if (!type?.trim() || rest.length > 0 || profiles.some((url) => url === '')) {
      throw new Error('REQUIRED_PROFILES must read Type=url[,url][;Type=url…]');
    }
    required.set(type.trim(), [...(required.get(type.trim()) ?? []), ...profiles]);
  }
  return required;
}
