/**
 * The codes a ValueSet contains: `system|code` pairs, whole systems any code of which is in but
 * those `excluded` (http://hl7.org/fhir/R4/valueset.html#compose: an exclude of single codes from a
 * whole-system include), and systems whose part could not be computed here (a filter over a code
 * system not loaded, an unsupported filter), each with the reason: search refuses those, binding
 * checks them for form only. `excluded` holds codes of `systems` and `unchecked` systems only.
 */
export interface Expansion {
  codes: Set<string>;
  systems: Set<string>;
  excluded: Set<string>;
  unchecked: Map<string, string>;
}

export function emptyExpansion(): Expansion {
  return { codes: new Set(), systems: new Set(), excluded: new Set(), unchecked: new Map() };
}

/** `system|code`, the key of `Expansion.codes`. */
export function codeKey(system: string, code: string): string {
  return `${system}|${code}`;
}

export function systemOf(key: string): string {
  return key.slice(0, key.lastIndexOf('|'));
}

/** Whether `e` holds the code by a whole system (`wide`: or by a part not computed here). */
function openHas(e: Expansion, key: string, wide: boolean): boolean {
  const system = systemOf(key);
  return (e.systems.has(system) || (wide && e.unchecked.has(system))) && !e.excluded.has(key);
}

/** Whether `e` may hold the code (listed, by a whole system, or in a part not computed here). */
function mayHave(e: Expansion, key: string): boolean {
  return e.codes.has(key) || openHas(e, key, true);
}

/** Adds `b` to `a` (an include after another); a code excluded in one stays out unless the other may hold it. */
export function addTo(a: Expansion, b: Expansion): void {
  const excluded = [
    ...[...a.excluded].filter((key) => !mayHave(b, key)),
    ...[...b.excluded].filter((key) => !mayHave(a, key)),
  ];
  for (const code of b.codes) a.codes.add(code);
  for (const system of b.systems) a.systems.add(system);
  for (const [system, why] of b.unchecked) a.unchecked.set(system, why);
  a.excluded = new Set(excluded);
}

/**
 * Removes `b` from `a` (an exclude). Single codes leave `a.codes` and, where `a` holds their whole
 * system, join `a.excluded`; a whole system leaves `a` but for what `b` itself excluded of it; what
 * `b` could not compute makes that system of `a` unchecked (no code of it is surely in).
 */
export function removeFrom(a: Expansion, b: Expansion): void {
  for (const code of b.codes) {
    a.codes.delete(code);
    if (openHas(a, code, true)) a.excluded.add(code);
  }
  for (const system of b.systems) {
    const kept = [...b.excluded].filter((key) => systemOf(key) === system && openHas(a, key, false));
    a.systems.delete(system);
    dropSystem(a.codes, system, b.excluded);
    if (!a.unchecked.has(system)) dropSystem(a.excluded, system);
    for (const key of kept) a.codes.add(key);
  }
  for (const [system, why] of b.unchecked) {
    a.systems.delete(system);
    dropSystem(a.codes, system);
    a.unchecked.set(system, why);
  }
}

/** Deletes the keys of `system` from `keys` but those in `except`. */
function dropSystem(keys: Set<string>, system: string, except: ReadonlySet<string> = new Set()): void {
  for (const key of keys) if (systemOf(key) === system && !except.has(key)) keys.delete(key);
}

/** The codes in both (an include's system part and each ValueSet it imports). */
export function intersect(a: Expansion, b: Expansion): Expansion {
  const wide = (e: Expansion, system: string): boolean => e.systems.has(system) || e.unchecked.has(system);
  const unchecked = new Map<string, string>();
  for (const [system, why] of a.unchecked) if (wide(b, system) || hasCodeIn(b, system)) unchecked.set(system, why);
  for (const [system, why] of b.unchecked) if (wide(a, system) || hasCodeIn(a, system)) unchecked.set(system, why);
  const systems = new Set([...a.systems].filter((s) => b.systems.has(s)));
  const open = (key: string): boolean => systems.has(systemOf(key)) || unchecked.has(systemOf(key));
  return {
    codes: new Set([
      ...[...a.codes].filter((code) => b.codes.has(code) || openHas(b, code, true)),
      ...[...b.codes].filter((code) => a.codes.has(code) || openHas(a, code, true)),
    ]),
    systems,
    excluded: new Set([...a.excluded, ...b.excluded].filter(open)),
    unchecked,
  };
}

function hasCodeIn(e: Expansion, system: string): boolean {
  for (const code of e.codes) if (systemOf(code) === system) return true;
  return false;
}
