import type { HumanName, Identifier } from '@medplum/fhirtypes';
import type { Hl7Repetition } from '../hl7/repetition.js';
import type { MappingContext } from './mapping-context.js';

export interface MappedPerson {
  /** XCN.1 with XCN.9 (or the sending facility) as its system, when XCN.1 is sent. */
  readonly identifier?: Required<Pick<Identifier, 'system' | 'value'>>;
  readonly name?: HumanName;
  /** "Given Family", for Reference.display (no separate resource needed to show who). */
  readonly display?: string;
}

/**
 * XCN (extended composite id and name for persons: XCN.1 id, XCN.2 family, XCN.3 given, XCN.4 middle,
 * XCN.5 suffix, XCN.6 prefix, XCN.9 assigning authority) → the parts a Practitioner or a Reference
 * needs (V2-to-FHIR IG datatype map XCN → Practitioner). Undefined when neither id nor name is there.
 */
export function xcnToPerson(xcn: Hl7Repetition | undefined, ctx: MappingContext): MappedPerson | undefined {
  if (xcn === undefined) return undefined;
  const value = xcn.component(1);
  const family = xcn.component(2);
  const given = [xcn.component(3), xcn.component(4)].filter((s): s is string => s !== undefined);
  const hasAuthority = xcn.rawComponent(9) !== '';
  const system = hasAuthority
    ? ctx.identifierSystem(xcn.component(9, 1), xcn.component(9, 2), xcn.component(9, 3))
    : ctx.defaultIdentifierSystem();
  const identifier = value !== undefined && system !== undefined ? { system, value } : undefined;
  const suffix = xcn.component(5);
  const prefix = xcn.component(6);
  const name: HumanName | undefined =
    family === undefined && given.length === 0
      ? undefined
      : {
          ...(family === undefined ? {} : { family }),
          ...(given.length === 0 ? {} : { given }),
          ...(prefix === undefined ? {} : { prefix: [prefix] }),
          ...(suffix === undefined ? {} : { suffix: [suffix] }),
        };
  if (identifier === undefined && name === undefined) return undefined;
  const display = name === undefined ? undefined : [...given, family].filter((s) => s !== undefined).join(' ');
  return {
    ...(identifier === undefined ? {} : { identifier }),
    ...(name === undefined ? {} : { name }),
    ...(display === undefined || display === '' ? {} : { display }),
  };
}
