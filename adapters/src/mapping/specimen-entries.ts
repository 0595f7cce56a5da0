import type { Observation, Reference, Specimen } from '@medplum/fhirtypes';
import { addObservations } from './observation-entries.js';
import type { ObservationLinks } from './obx.js';
import type { IdentifierKey } from './conditional-url.js';
import type { OrderScope } from './order-scope.js';
import type { OrderGroup } from './segment-groups.js';
import { mapSpm, type SpecimenLinks } from './spm.js';

export interface AddedSpecimens {
  readonly references: Reference<Specimen>[];
  /** Adds the Observations of the OBX after each SPM, each pointing at its Specimen. */
  addObservations(links: ObservationLinks): Reference<Observation>[];
}

/**
 * The Specimens of an order's SPM groups, each a conditional update keyed on SPM-2 (filler part, else
 * placer part), else on a key derived from the order (`derived-keys.ts`, path `SPM-<SPM-1>`), which is then also written
 * as an identifier so that the next message finds the same Specimen.
 */
export function addSpecimens(
  order: OrderGroup,
  orderKey: IdentifierKey,
  links: SpecimenLinks,
  scope: Pick<OrderScope, 'keys' | 'tx' | 'ctx'>,
): AddedSpecimens {
  const { keys, tx, ctx } = scope;
  const added = order.specimens.map((group, i) => {
    const setId = group.spm.field(1).value;
    const { specimen, key: sent } = mapSpm(group.spm, links, ctx);
    const key = sent ?? keys.next('specimen', orderKey, 'SPM', setId, i + 1, 'SPM-1');
    const resource: Specimen =
      sent === undefined ? { ...specimen, identifier: [...(specimen.identifier ?? []), key] } : specimen;
    return { group, label: `SPM-${setId ?? `#${i + 1}`}/OBX`, reference: { reference: tx.put(resource, key) } };
  });
  return {
    references: added.map((a) => a.reference),
    addObservations: (observationLinks) =>
      added.flatMap((a) =>
        addObservations(a.group.observations, orderKey, a.label, { ...observationLinks, specimen: a.reference }, scope),
      ),
  };
}
