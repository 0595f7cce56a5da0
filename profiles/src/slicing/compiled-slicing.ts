import type { ElementDefinitionSlicing } from '@medplum/fhirtypes';
import type { ElementNode, SliceNode } from '../structure/element-node.js';
import { type DiscriminatorStep, parseDiscriminatorPath } from './discriminator-path.js';
import { type DiscriminatorTest, discriminatorTest } from './discriminator-test.js';
import { type SlicingContext, type SlicingIssue, slicingIssue } from './slicing-context.js';

/** A slice with one test per discriminator; `tests` undefined when a discriminator gives it nothing to compare. */
export interface CompiledSlice {
  readonly slice: SliceNode;
  readonly tests: readonly DiscriminatorTest[] | undefined;
}

/** A sliced element made ready for assignment: computed once per element (see `compiledSlicing`). */
export interface CompiledSlicing {
  readonly rules: ElementDefinitionSlicing;
  /** The discriminator paths, parsed; undefined when the slicing has no usable discriminator. */
  readonly paths: readonly (readonly DiscriminatorStep[])[] | undefined;
  readonly slices: readonly CompiledSlice[];
  /** What is wrong with the definition itself (reported with every assignment, no item index). */
  readonly issues: readonly SlicingIssue[];
}

const cache = new WeakMap<ElementNode, CompiledSlicing>();

/**
 * The discriminator tests of a sliced element, computed on first use and kept as long as the
 * element (the walker compiles a new tree when the definitions change, so no stale entry lives on).
 */
export function compiledSlicing(sliced: ElementNode, context: SlicingContext): CompiledSlicing | undefined {
  if (!sliced.slicing) return undefined;
  let compiled = cache.get(sliced);
  if (!compiled) {
    compiled = compile(sliced, sliced.slicing.rules, sliced.slicing.slices, context);
    cache.set(sliced, compiled);
  }
  return compiled;
}

function compile(
  sliced: ElementNode,
  rules: ElementDefinitionSlicing,
  slices: readonly SliceNode[],
  context: SlicingContext,
): CompiledSlicing {
  const discriminators = rules.discriminator ?? [];
  const paths = discriminators.map((d) => parseDiscriminatorPath(d.path ?? ''));
  if (discriminators.length === 0 || paths.some((p) => p === undefined)) {
    const issue = notSupported(
      `Slicing of ${sliced.path} has no discriminator this validator can evaluate; its slices are not checked`,
    );
    return { rules, paths: undefined, slices: slices.map((slice) => ({ slice, tests: undefined })), issues: [issue] };
  }
  const parsed = paths as DiscriminatorStep[][];
  const issues: SlicingIssue[] = [];
  const compiledSlices = slices.map((slice): CompiledSlice => {
    const tests = discriminators.map((d, i) => discriminatorTest(d.type, parsed[i] ?? [], slice, context));
    const missing = tests.findIndex((test) => test === undefined);
    if (missing < 0) return { slice, tests: tests as DiscriminatorTest[] };
    const d = discriminators[missing];
    issues.push(
      notSupported(
        `Slice '${slice.sliceName}' of ${sliced.path} gives discriminator ${d?.type}:${d?.path} nothing to compare; it is not checked`,
      ),
    );
    return { slice, tests: undefined };
  });
  return { rules, paths: parsed, slices: compiledSlices, issues };
}

function notSupported(diagnostics: string): SlicingIssue {
  return slicingIssue('warning', 'not-supported', diagnostics);
}
