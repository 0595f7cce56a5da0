import type { HumanName } from '@medplum/fhirtypes';
import type { Hl7Repetition } from '../hl7/repetition.js';

/** HL7 table 0200 name type → name-use, per the V2-to-FHIR IG ConceptMap "NameType"; others have no use. */
const nameUse: Readonly<Record<string, NonNullable<HumanName['use']>>> = {
  BAD: 'old',
  D: 'usual',
  L: 'official',
  M: 'maiden',
  MSK: 'anonymous',
  N: 'nickname',
  NAV: 'temp',
  R: 'official',
  TEMP: 'temp',
};

/**
 * XPN → HumanName (V2-to-FHIR IG datatype map XPN → HumanName): XPN.1.1 (FN surname) family,
 * XPN.2 and XPN.3 (further given names) given, XPN.4 and XPN.6 (degree) suffix, XPN.5 prefix,
 * XPN.7 name type → use. Undefined when the repetition holds no name part.
 */
export function xpnToHumanName(xpn: Hl7Repetition): HumanName | undefined {
  const family = xpn.component(1);
  const given = [xpn.component(2), xpn.component(3)].filter((s): s is string => s !== undefined);
  const prefix = xpn.component(5);
  const suffix = [xpn.component(4), xpn.component(6)].filter((s): s is string => s !== undefined);
  if (family === undefined && given.length === 0) return undefined;
  const use = nameUse[xpn.component(7) ?? ''];
  return {
    ...(use === undefined ? {} : { use }),
    ...(family === undefined ? {} : { family }),
    ...(given.length === 0 ? {} : { given }),
    ...(prefix === undefined ? {} : { prefix: [prefix] }),
    ...(suffix.length === 0 ? {} : { suffix }),
  };
}
