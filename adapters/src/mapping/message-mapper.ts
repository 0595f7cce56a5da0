import type { Hl7Message } from '../hl7/message.js';
import type { MappingContext } from './mapping-context.js';
import type { MappingResult } from './mapping-result.js';

/**
 * The mapper of one message family (one file each: `adt.ts`, `oru.ts`, …), registered in `mappers.ts`.
 * `map` returns a transaction Bundle in which every entry is idempotent when applied twice: a
 * conditional update (`PUT Type?identifier=…`), a conditional create (`ifNoneExist`) or a conditional
 * FHIRPath Patch (`PATCH Type?identifier=…` that sets values, http.html#patch), never a plain POST, and
 * every entry has a `urn:uuid:` fullUrl that references inside the Bundle use. Content it
 * cannot map is an `Hl7DataError` (AE); a warning goes through `ctx.warn` (AA with ERR severity W).
 */
export interface MessageMapper {
  /** MSH-9.1, e.g. `ADT`. */
  readonly messageCode: string;
  /** The MSH-9.2 trigger events this mapper handles, e.g. `['A01', 'A04']`. */
  readonly triggers: readonly string[];
  map(message: Hl7Message, trigger: string, ctx: MappingContext): MappingResult;
}
