import type { ElementDefinitionSlicingDiscriminator } from '@medplum/fhirtypes';
import type { ElementNode } from '../structure/element-node.js';
import { coreTypeOf } from '../structure/structure-definition-source.js';
import { endPositions, targetProfiles } from './definition-positions.js';
import type { DiscriminatorStep } from './discriminator-path.js';
import { equalsFixed } from './equals-fixed.js';
import type { LocatedValue, Selection } from './item-values.js';
import { matchesPattern } from './matches-pattern.js';
import type { SlicingContext } from './slicing-context.js';
import { type ExpectedValue, valueExpectations } from './value-expectations.js';

/** Why a test cannot tell whether an item is in a slice. */
export interface Unknown {
  readonly code: 'not-found' | 'not-supported';
  readonly reason: string;
}

/** Whether the values one discriminator path selects in an item put it in one slice, or why that is unknown. */
export type Matcher = (selection: Selection, context: SlicingContext) => boolean | Unknown;

/**
 * One discriminator's test for one slice. `primitive`: the slice fixes a single primitive there
 * (an extension's url, a code, a system) and the item must have exactly it — the common case,
 * checked without calling `matches`.
 */
export interface DiscriminatorTest {
  readonly matches: Matcher;
  readonly primitive: string | number | boolean | undefined;
}

/** True when every check is true, false as soon as one is false, else why one cannot tell. */
export function allOf<T>(items: readonly T[], check: (item: T, index: number) => boolean | Unknown): boolean | Unknown {
  let verdict: boolean | Unknown = true;
  for (let i = 0; i < items.length; i++) {
    const result = check(items[i] as T, i);
    if (result === false) return false;
    if (result !== true && verdict === true) verdict = result;
  }
  return verdict;
}

/**
 * The test one discriminator makes for one slice, computed once from the slice's definition
 * (http://hl7.org/fhir/R4/profiling.html#discriminator); undefined when the slice gives the
 * discriminator nothing to compare (no fixed/pattern value, no single type, no profile, no min/max).
 */
export function discriminatorTest(
  type: ElementDefinitionSlicingDiscriminator['type'],
  steps: readonly DiscriminatorStep[],
  slice: ElementNode,
  context: SlicingContext,
): DiscriminatorTest | undefined {
  if (type === 'value' || type === 'pattern') {
    const expected = valueExpectations(slice, steps, context);
    const [only, ...others] = expected;
    const value = only?.mode === 'valueSet' ? undefined : only?.value;
    const primitive = others.length === 0 && isPrimitive(value) ? value : undefined;
    return expected.length > 0 ? { matches: valueMatcher(expected), primitive } : undefined;
  }
  const matches = otherMatcher(type, steps, slice, context);
  return matches && { matches, primitive: undefined };
}

function otherMatcher(
  type: ElementDefinitionSlicingDiscriminator['type'],
  steps: readonly DiscriminatorStep[],
  slice: ElementNode,
  context: SlicingContext,
): Matcher | undefined {
  switch (type) {
    case 'type':
      return typeTest(slice, steps, context);
    case 'profile':
      return profileTest(slice, steps, context);
    case 'exists':
      return existsTest(slice, steps, context);
    default:
      return undefined;
  }
}

/** Every expected value is met by some selected value: fixed exactly, pattern as a pattern, a ValueSet by membership. */
function valueMatcher(expected: readonly ExpectedValue[]): Matcher {
  return ({ values }, ctx) => allOf(expected, (expectation) => someValueMeets(values, expectation, ctx));
}

function isPrimitive(value: unknown): value is string | number | boolean {
  return typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean';
}

function someValueMeets(
  values: readonly LocatedValue[],
  expected: ExpectedValue,
  context: SlicingContext,
): boolean | Unknown {
  if (expected.mode !== 'valueSet') {
    const matches = expected.mode === 'fixed' ? equalsFixed : matchesPattern;
    return values.some((v) => matches(v.value, expected.value));
  }
  let unknown = false;
  for (const v of values) {
    const member = v.type === undefined ? undefined : context.memberOf(v.value, v.type, expected.valueSet);
    if (member) return true;
    unknown ||= member === undefined;
  }
  return unknown ? { code: 'not-supported', reason: `ValueSet ${expected.valueSet} cannot be checked here` } : false;
}

/** Some selected value has one of the types the slice allows at the path. */
function typeTest(
  slice: ElementNode,
  steps: readonly DiscriminatorStep[],
  context: SlicingContext,
): Matcher | undefined {
  const types = new Set(
    steps.at(-1)?.kind === 'resolve'
      ? targetsBeforeResolve(slice, steps, context).flatMap(
          (url) => context.profile(url)?.path ?? coreTypeOf(url) ?? [],
        )
      : endPositions(slice, steps, context).flatMap((node) => node.types.flatMap((t) => t.code ?? [])),
  );
  if (types.size === 0) return undefined;
  return ({ values }) => values.some((v) => v.type !== undefined && types.has(v.type));
}

/** Some selected value conforms to one of the slice's profiles (for `resolve()`: its target profiles). */
function profileTest(
  slice: ElementNode,
  steps: readonly DiscriminatorStep[],
  context: SlicingContext,
): Matcher | undefined {
  const profiles =
    steps.at(-1)?.kind === 'resolve'
      ? targetsBeforeResolve(slice, steps, context)
      : endPositions(slice, steps, context).flatMap((node) => node.types.flatMap((t) => t.profile ?? []));
  if (profiles.length === 0) return undefined;
  return ({ values }, ctx) => values.some((v) => profiles.some((url) => ctx.conformsTo(v.value, url)));
}

/** The slice says the path is there (min ≥ 1) or absent (max 0). */
function existsTest(
  slice: ElementNode,
  steps: readonly DiscriminatorStep[],
  context: SlicingContext,
): Matcher | undefined {
  const [node] = endPositions(slice, steps, context);
  if (node?.max === 0) return ({ values }) => values.length === 0;
  if (node && node.min >= 1) return ({ values }) => values.length > 0;
  return undefined;
}

function targetsBeforeResolve(
  slice: ElementNode,
  steps: readonly DiscriminatorStep[],
  context: SlicingContext,
): string[] {
  return endPositions(slice, steps.slice(0, -1), context).flatMap(targetProfiles);
}
