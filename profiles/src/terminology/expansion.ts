/**
 * The codes a ValueSet contains: `system|code` pairs, whole systems any code of which is in, and
 * systems whose part could not be computed here (a filter over a code system not loaded, an
 * unsupported filter), each with the reason: search refuses those, binding checks them for form only.
 */
export interface Expansion {
  codes: Set<string>;
  systems: Set<string>;
  unchecked: Map<string, string>;
}

export function emptyExpansion(): Expansion {
  return { codes: new Set(), systems: new Set(), unchecked: new Map() };
}

/** `system|code`, the key of `Expansion.codes`. */
export function codeKey(system: string, code: string): string {
  return `${system}|${code}`;
}

export function systemOf(key: string): string {
  return key.slice(0, key.lastIndexOf('|'));
}

/** Adds `b` to `a` (an include after another). */
export function addTo(a: Expansion, b: Expansion): void {
  for (const code of b.codes) a.codes.add(code);
  for (const system of b.systems) a.systems.add(system);
  for (const [system, why] of b.unchecked) a.unchecked.set(system, why);
}

/** Removes `b` from `a` (an exclude); what `b` could not compute stays in `a`, marked unchecked. */
export function removeFrom(a: Expansion, b: Expansion): void {
  for (const code of b.codes) a.codes.delete(code);
  for (const system of b.systems) a.systems.delete(system);
  for (const [system, why] of b.unchecked) a.unchecked.set(system, why);
}

/** The codes in both (an include's system part and each ValueSet it imports). */
export function intersect(a: Expansion, b: Expansion): Expansion {
  const wide = (e: Expansion, system: string): boolean => e.systems.has(system) || e.unchecked.has(system);
  const unchecked = new Map<string, string>();
  for (const [system, why] of a.unchecked) if (wide(b, system) || hasCodeIn(b, system)) unchecked.set(system, why);
  for (const [system, why] of b.unchecked) if (wide(a, system) || hasCodeIn(a, system)) unchecked.set(system, why);
  return {
    codes: new Set([
      ...[...a.codes].filter((code) => b.codes.has(code) || wide(b, systemOf(code))),
      ...[...b.codes].filter((code) => a.codes.has(code) || wide(a, systemOf(code))),
    ]),
    systems: new Set([...a.systems].filter((s) => b.systems.has(s))),
    unchecked,
  };
}

function hasCodeIn(e: Expansion, system: string): boolean {
  for (const code of e.codes) if (systemOf(code) === system) return true;
  return false;
}
