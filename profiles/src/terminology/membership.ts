import type { CodeSystemIndex } from './code-system-index.js';
import { codeKey, systemOf, type Expansion } from './expansion.js';
import type { FormCheck } from './external-code-systems.js';

/**
 * Whether a code is in an expansion: `in`, `out`, or — for a code system whose content is not
 * here (external, `not-present`/`example`/`fragment`, an unevaluated filter) — `well-formed` or
 * `malformed` by the system's form check (a system with none is taken as well-formed).
 */
export type Verdict = 'in' | 'out' | 'well-formed' | 'malformed';

export interface MembershipContext {
  codeSystem(url: string): CodeSystemIndex | undefined;
  formCheck(system: string): FormCheck | undefined;
}

interface OpenSystem {
  readonly system: string;
  readonly index: CodeSystemIndex | undefined;
  /** True for a whole-system include (a code of the CodeSystem is in), false for an unevaluated part. */
  readonly whole: boolean;
  readonly formCheck: FormCheck | undefined;
}

/** An expansion compiled for membership tests: a few map lookups per code. */
export class Membership {
  private readonly bySystem = new Map<string, Set<string>>();
  private readonly byCode = new Map<string, string>();
  private readonly open = new Map<string, OpenSystem>();
  /** `system|code` of open systems an exclude took out (valueset.html#compose). */
  private readonly excluded: ReadonlySet<string>;

  constructor(expansion: Expansion, context: MembershipContext) {
    this.excluded = expansion.excluded;
    for (const key of expansion.codes) {
      const system = systemOf(key);
      const code = key.slice(system.length + 1);
      let codes = this.bySystem.get(system);
      if (!codes) this.bySystem.set(system, (codes = new Set()));
      codes.add(code);
      if (!this.byCode.has(code)) this.byCode.set(code, system);
    }
    const open = (system: string, whole: boolean): void => {
      const index = context.codeSystem(system);
      this.open.set(system, { system, index, whole, formCheck: context.formCheck(system) });
    };
    for (const system of expansion.unchecked.keys()) open(system, false);
    for (const system of expansion.systems) open(system, true);
  }

  /**
   * The verdict on `code` of `system`; without a system (a `code`, `string` or `uri` element, or a
   * Coding without one) the code may come from any system of the ValueSet. `system` is the one that
   * decided, when any did.
   */
  test(system: string | undefined, code: string): { verdict: Verdict; system?: string } {
    if (system !== undefined) {
      if (this.bySystem.get(system)?.has(code)) return { verdict: 'in', system };
      const open = this.open.get(system);
      return open ? { verdict: this.openVerdict(open, code), system } : { verdict: 'out' };
    }
    const listed = this.byCode.get(code);
    if (listed !== undefined) return { verdict: 'in', system: listed };
    let best: { verdict: Verdict; system?: string } = { verdict: 'out' };
    for (const open of this.open.values()) {
      const verdict = this.openVerdict(open, code);
      if (verdict === 'in') return { verdict, system: open.system };
      if (best.verdict === 'out' || (verdict === 'well-formed' && best.verdict === 'malformed')) {
        if (verdict !== 'out') best = { verdict, system: open.system };
      }
    }
    return best;
  }

  private openVerdict(open: OpenSystem, code: string): Verdict {
    return this.excluded.has(codeKey(open.system, code)) ? 'out' : openVerdict(open, code);
  }
}

function openVerdict(open: OpenSystem, code: string): Verdict {
  const { index } = open;
  if (index?.concepts.has(code)) {
    if (index.abstract.has(code)) return 'out';
    return open.whole ? 'in' : 'well-formed';
  }
  if (index?.complete) return 'out';
  if (!open.formCheck) return 'well-formed';
  return open.formCheck(code) ? 'well-formed' : 'malformed';
}
