import type { InteractionName } from './fhir-request.js';

const WRITES: ReadonlySet<InteractionName> = new Set([
  'create',
  'update',
  'conditional-update',
  'patch',
  'conditional-patch',
  'delete',
  'conditional-delete',
]);

/** Interactions that change what is stored (the others read; operations answer their output). */
export function isWrite(interaction: InteractionName): boolean {
  return WRITES.has(interaction);
}
