import type { Identifier } from '@medplum/fhirtypes';
import type { Hl7Field } from '../hl7/field.js';
import type { Hl7Repetition } from '../hl7/repetition.js';
import type { IdentifierKey } from './conditional-url.js';
import { Hl7DataError } from './data-error.js';
import type { MappingContext } from './mapping-context.js';
import { hl7Code } from './hl7-code.js';

/**
 * CX (extended composite id) → Identifier, after the V2-to-FHIR IG datatype map CX → Identifier:
 * CX.1 value, CX.4 assigning authority → system, CX.5 identifier type (table 0203) → type.
 * When CX.4 is empty we take MSH-4, the sending facility (its OID when it has one), as the authority: an identifier with no system
 * cannot serve as a conditional key (it would match the same number from any other issuer), and within
 * one sender an unqualified number is the sender's own. Returns undefined when CX.1 is empty.
 */
export function cxToIdentifier(cx: Hl7Repetition, ctx: MappingContext): Identifier | undefined {
  const value = cx.value;
  if (value === undefined) return undefined;
  const hasAuthority = cx.rawComponent(4) !== '';
  const system = hasAuthority
    ? ctx.identifierSystem(cx.component(4, 1), cx.component(4, 2), cx.component(4, 3))
    : ctx.defaultIdentifierSystem();
  const typeCode = hl7Code(cx.component(5));
  return {
    ...(system === undefined ? {} : { system }),
    value,
    ...(typeCode === undefined
      ? {}
      : { type: { coding: [{ system: 'http://terminology.hl7.org/CodeSystem/v2-0203', code: typeCode }] } }),
  };
}

/**
 * A repeating CX list (PID-3, MRG-1) as Identifiers, and its key: the first repetition with a value and a
 * system, which conditional updates are keyed on. None is an AE (101 at `location`): without a key there
 * is nothing to find the record by.
 */
export function cxKeyedList(
  field: Hl7Field,
  ctx: MappingContext,
  location: string,
): { identifier: Identifier[]; key: IdentifierKey } {
  const identifier = field.repetitions.flatMap((rep) => cxToIdentifier(rep, ctx) ?? []);
  const key = identifier.find((id) => id.system !== undefined && id.value !== undefined);
  if (key?.system === undefined || key.value === undefined) {
    throw new Hl7DataError({
      code: '101',
      text: `${location} has no identifier with a value and an assigning authority`,
      location,
    });
  }
  return { identifier, key: { system: key.system, value: key.value } };
}
