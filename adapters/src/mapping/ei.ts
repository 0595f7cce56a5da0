import type { Identifier } from '@medplum/fhirtypes';
import type { Hl7Repetition } from '../hl7/repetition.js';
import type { MappingContext } from './mapping-context.js';

type KeyedIdentifier = Required<Pick<Identifier, 'system' | 'value'>> & Identifier;

/**
 * EI / EIP part (entity identifier: EI.1 id ^ EI.2 namespace ^ EI.3 universal id ^ EI.4 its type) →
 * Identifier (V2-to-FHIR IG datatype map EI → Identifier). Like CX without CX-4, an EI with no
 * assigning authority takes the sending facility (MSH-4, else MSH-3: `MappingContext.sendingFacility`), so
 * that a placer/filler order number can key a conditional update without matching another issuer's
 * numbers. (An EIP's parts
 * are EIs written as subcomponents: {@link eipPartToIdentifier}.)
 */
export function eiToIdentifier(
  ei: Hl7Repetition | undefined,
  ctx: MappingContext,
  type?: Identifier['type'],
): KeyedIdentifier | undefined {
  return ei === undefined ? undefined : identifierOf((i) => ei.component(i), ctx, type);
}

/**
 * One part of an EIP (entity identifier pair: EIP.1 placer-assigned ^ EIP.2 filler-assigned, each an EI
 * in subcomponents, e.g. SPM-2 `P1&LAB^F9&LIS`) → Identifier, read as {@link eiToIdentifier} reads an EI.
 */
export function eipPartToIdentifier(
  eip: Hl7Repetition | undefined,
  part: 1 | 2,
  ctx: MappingContext,
  type?: Identifier['type'],
): KeyedIdentifier | undefined {
  return eip === undefined ? undefined : identifierOf((i) => eip.component(part, i), ctx, type);
}

function identifierOf(
  part: (i: number) => string | undefined,
  ctx: MappingContext,
  type: Identifier['type'] | undefined,
): KeyedIdentifier | undefined {
  const value = part(1);
  if (value === undefined) return undefined;
  const namespace = part(2);
  const universal = part(3);
  const system =
    namespace === undefined && universal === undefined
      ? ctx.defaultIdentifierSystem()
      : ctx.identifierSystem(namespace, universal, part(4));
  if (system === undefined) return undefined;
  return { system, value, ...(type === undefined ? {} : { type }) };
}
