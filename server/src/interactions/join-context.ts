import type { JoinContext } from '../search/compile-joins.js';
import type { EngineContext } from './engine-context.js';

/** What a search's chains and `_has` run with: the (caller's) store, the limits and the caller. */
export function joinContextOf(context: EngineContext): JoinContext {
  const join: JoinContext = { store: context.store, limits: context.searchLimits, now: context.now().getTime() };
  if (context.access !== undefined) join.access = context.access;
  return join;
}
