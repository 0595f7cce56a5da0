import type { InvariantContext } from './invariant-context.js';

/** True when the constraint holds on the node; throws when it cannot be evaluated. */
export type ConstraintEvaluator = (node: unknown, at: InvariantContext) => boolean;
