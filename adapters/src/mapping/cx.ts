import type { Identifier } from '@medplum/fhirtypes';
import type { Hl7Repetition } from '../hl7/repetition.js';
import type { MappingContext } from './mapping-context.js';

/**
 * CX (extended composite id) → Identifier, after the V2-to-FHIR IG datatype map CX → Identifier:
 * CX.1 value, CX.4 assigning authority → system, CX.5 identifier type (table 0203) → type.
 * When CX.4 is empty we take MSH-4, the sending facility, as the authority: an identifier with no system
 * cannot serve as a conditional key (it would match the same number from any other issuer), and within
 * one sender an unqualified number is the sender's own. Returns undefined when CX.1 is empty.
 */
export function cxToIdentifier(cx: Hl7Repetition, ctx: MappingContext): Identifier | undefined {
  const value = cx.value;
  if (value === undefined) return undefined;
  const hasAuthority = cx.rawComponent(4) !== '';
  const system = hasAuthority
    ? ctx.identifierSystem(cx.component(4, 1), cx.component(4, 2), cx.component(4, 3))
    : ctx.identifierSystem(ctx.sendingFacility);
  const typeCode = cx.component(5);
  return {
    ...(system === undefined ? {} : { system }),
    value,
    ...(typeCode === undefined
      ? {}
      : { type: { coding: [{ system: 'http://terminology.hl7.org/CodeSystem/v2-0203', code: typeCode }] } }),
  };
}
