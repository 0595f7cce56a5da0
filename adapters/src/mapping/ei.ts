import type { Identifier } from '@medplum/fhirtypes';
import type { Hl7Repetition } from '../hl7/repetition.js';
import type { MappingContext } from './mapping-context.js';

/**
 * EI / EIP part (entity identifier: EI.1 id ^ EI.2 namespace ^ EI.3 universal id ^ EI.4 its type) →
 * Identifier (V2-to-FHIR IG datatype map EI → Identifier). Like CX without CX-4, an EI with no
 * assigning authority takes the sending facility (MSH-4), so that a placer/filler order number or a
 * visit id can key a conditional update without matching another issuer's numbers. (An EIP's parts
 * are EIs written as subcomponents; read those with `component(i, sub)` and build the Identifier there.)
 */
export function eiToIdentifier(
  ei: Hl7Repetition | undefined,
  ctx: MappingContext,
  type?: Identifier['type'],
): (Required<Pick<Identifier, 'system' | 'value'>> & Identifier) | undefined {
  const value = ei?.component(1);
  if (ei === undefined || value === undefined) return undefined;
  const namespace = ei.component(2);
  const universal = ei.component(3);
  const system =
    namespace === undefined && universal === undefined
      ? ctx.identifierSystem(ctx.sendingFacility)
      : ctx.identifierSystem(namespace, universal, ei.component(4));
  if (system === undefined) return undefined;
  return { system, value, ...(type === undefined ? {} : { type }) };
}
