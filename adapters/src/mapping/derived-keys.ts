import type { IdentifierKey } from './conditional-url.js';
import type { MappingContext } from './mapping-context.js';

/**
 * The keys of what has no number of its own that senders fill in: an OBX (OBX-21 is rare), an SPM
 * without SPM-2. They are derived (`derivedKey`, as for NK1 or AL1) from the order they belong to and
 * their place in it: `urn:nexushealth:hl7v2:key:<kind>|<order system>|<order number>|<path>`, the path
 * being `OBX-2`, `OBX-2/1` (OBX-4 sub-id), `SPM-1/OBX-1` (an observation about specimen 1) or `SPM-1`.
 * A corrected result (same filler number, same set id) therefore replaces the Observation it corrects.
 * A set id that is missing or repeated within its order falls back to the position (`OBX#3`) with a
 * warning, so that no two entries of one transaction share a key. One instance per message.
 */
export class DerivedKeys {
  private readonly used = new Set<string>();

  constructor(private readonly ctx: MappingContext) {}

  /** `setIdLocation` names the set id field for the warning (`OBX-1`, `SPM-1`). */
  next(
    kind: 'observation' | 'specimen',
    order: IdentifierKey,
    label: string,
    setId: string | undefined,
    position: number,
    setIdLocation: string,
  ): IdentifierKey {
    const key = (path: string): IdentifierKey => derivedKey(kind, [order.system, order.value, path]);
    if (setId !== undefined) {
      const byId = key(`${label}-${setId}`);
      if (this.claim(byId)) return byId;
    }
    this.ctx.warn(setIdLocation, 'set id missing or repeated within its order; matched by position instead', '102');
    let path = `${label}#${position}`;
    while (!this.claim(key(path))) path += '#';
    return key(path);
  }

  private claim(key: IdentifierKey): boolean {
    const id = `${key.system}|${key.value}`;
    if (this.used.has(id)) return false;
    this.used.add(id);
    return true;
  }
}

/**
 * A conditional key for records the message gives no identifier of (an NK1, an AL1): deterministic from
 * what identifies the record within its patient, never an invented id, so that the same segment sent
 * again finds the same resource. System `urn:nexushealth:hl7v2:key:<kind>`; the value joins the parts
 * with `|` (escaped in the conditional URL, search.html#escaping).
 */
export function derivedKey(kind: string, parts: readonly string[]): IdentifierKey {
  return { system: `urn:nexushealth:hl7v2:key:${kind}`, value: parts.join('|') };
}
