import type { Observation, Reference } from '@medplum/fhirtypes';
import type { IdentifierKey } from './conditional-url.js';
import { mapObx, type ObservationLinks } from './obx.js';
import type { OrderScope } from './order-scope.js';
import type { ObservationGroup } from './segment-groups.js';

/**
 * The Observations of a run of OBX groups, each a conditional update on its derived key
 * (`derived-keys.ts`: order key + `<label>-<OBX-1>[/<OBX-4>]`), so that a corrected result replaces the
 * one it corrects. `label` is `OBX`, or `SPM-1/OBX` for observations about a specimen. Returns
 * references to them, in message order.
 */
export function addObservations(
  groups: readonly ObservationGroup[],
  order: IdentifierKey,
  label: string,
  links: ObservationLinks,
  { keys, tx, ctx }: Pick<OrderScope, 'keys' | 'tx' | 'ctx'>,
): Reference<Observation>[] {
  return groups.map((group, i) => {
    const setId = group.obx.field(1).value;
    const subId = group.obx.field(4).value;
    const id = setId === undefined ? undefined : subId === undefined ? setId : `${setId}/${subId}`;
    const key = keys.next('observation', order, label, id, i + 1, 'OBX-1');
    return { reference: tx.put(mapObx(group, key, links, ctx, tx), key) };
  });
}
