import { withXsdWhitespace } from '../schema/xsd-whitespace-patterns.js';
import type { ElementTrees } from './element-trees.js';
import { baseDefinitionUrl } from './structure-definition-source.js';

/** What is wrong with a primitive value: its JSON type (`structure`) or its form (`value`). */
export interface PrimitiveProblem {
  readonly code: 'structure' | 'value';
  readonly diagnostics: string;
}

/** Checks one JSON value of a FHIR primitive type (http://hl7.org/fhir/R4/datatypes.html#primitive). */
export type PrimitiveRule = (value: unknown) => PrimitiveProblem | undefined;

const REGEX_EXTENSION = 'http://hl7.org/fhir/StructureDefinition/regex';

/** JSON numbers (http://hl7.org/fhir/R4/json.html#primitive) and the ranges of the integer types. */
const NUMBERS: Readonly<Record<string, { integer: boolean; minimum: number }>> = {
  decimal: { integer: false, minimum: -Infinity },
  integer: { integer: true, minimum: -2147483648 },
  positiveInt: { integer: true, minimum: 1 },
  unsignedInt: { integer: true, minimum: 0 },
};
const INTEGER_MAXIMUM = 2147483647;

/**
 * The rule of each primitive type, read from its StructureDefinition: the regex extension and
 * `maxLength` on its `value` element. Built on first use; `undefined` for a type that is no primitive.
 */
export class PrimitiveRules {
  private readonly rules = new Map<string, PrimitiveRule | null>();

  constructor(private readonly trees: ElementTrees) {}

  rule(code: string): PrimitiveRule | undefined {
    let rule = this.rules.get(code);
    if (rule === undefined) {
      rule = this.build(code) ?? null;
      this.rules.set(code, rule);
    }
    return rule ?? undefined;
  }

  private build(code: string): PrimitiveRule | undefined {
    if (this.trees.definition(baseDefinitionUrl(code))?.kind !== 'primitive-type') return undefined;
    if (code === 'boolean') return (value) => (typeof value === 'boolean' ? undefined : wrongJsonType(code));
    const number = NUMBERS[code];
    if (number) return numberRule(code, number.integer, number.minimum);
    const element = this.trees.typeTree(code)?.children.find((child) => child.name === 'value');
    const regex = element?.types[0]?.extension?.find((extension) => extension.url === REGEX_EXTENSION)?.valueString;
    return stringRule(code, regex === undefined ? undefined : xsdRegex(regex), element?.definition.maxLength);
  }
}

function wrongJsonType(code: string): PrimitiveProblem {
  return { code: 'structure', diagnostics: `Wrong JSON type for a FHIR ${code}` };
}

function numberRule(code: string, integer: boolean, minimum: number): PrimitiveRule {
  return (value) => {
    if (typeof value !== 'number' || !Number.isFinite(value)) return wrongJsonType(code);
    if (integer && !Number.isInteger(value)) return wrongJsonType(code);
    if (value < minimum || (integer && value > INTEGER_MAXIMUM)) {
      return { code: 'value', diagnostics: `Value is out of the range of a FHIR ${code}` };
    }
    return undefined;
  };
}

function stringRule(code: string, regex: RegExp | undefined, maxLength: number | undefined): PrimitiveRule {
  return (value) => {
    if (typeof value !== 'string') return wrongJsonType(code);
    if (value.length === 0)
      return { code: 'value', diagnostics: `An empty string is not a FHIR ${code} (json.html#primitive)` };
    if (maxLength !== undefined && value.length > maxLength) {
      return { code: 'value', diagnostics: `Value is longer than ${maxLength} characters` };
    }
    if (regex && !regex.test(value)) return { code: 'value', diagnostics: `Value is not a valid FHIR ${code}` };
    return undefined;
  };
}

/** The spec's regex, anchored, with XML Schema's meaning of `\s` (see xsd-whitespace-patterns.ts). */
function xsdRegex(regex: string): RegExp {
  const anchored = `^${regex}$`;
  const rewritten = (withXsdWhitespace({ pattern: anchored }) as { pattern: string }).pattern;
  return new RegExp(rewritten === anchored ? `^(?:${regex})$` : rewritten);
}
