import type { Hl7Repetition } from '../hl7/repetition.js';

/**
 * PL (person location: PL.1 point of care ^ PL.2 room ^ PL.3 bed ^ PL.4 facility ^ … ^ PL.7 building ^
 * PL.8 floor ^ PL.9 description) as the text of a Reference(Location).display: PL.9 when sent, else the
 * parts from the most general to the most granular as written. Location resources are not created
 * (the IG's PL → Location needs identifiers senders rarely give), so the display is what is kept.
 */
export function plDisplay(pl: Hl7Repetition | undefined): string | undefined {
  if (pl === undefined) return undefined;
  const description = pl.component(9);
  if (description !== undefined) return description;
  const parts = [1, 2, 3, 4, 7, 8].map((i) => pl.component(i)).filter((s): s is string => s !== undefined);
  return parts.length === 0 ? undefined : parts.join(', ');
}
