/**
 * Bounds one FHIRPath evaluation. fhirpath.js is synchronous, so a pathological constraint in a
 * posted profile (`descendants()` over a huge resource, `repeat()` that keeps growing, nested
 * `where` over large collections) would hold the event loop. fhirpath.js calls its `debugger`
 * option after every evaluation step; counting the steps there and throwing past a limit (or past
 * a deadline, read every 1,024 steps) stops such an evaluation. A single step that is itself slow
 * (a `matches()` regular expression that backtracks catastrophically) is not bounded this way.
 */
export const MAX_EVALUATION_STEPS = 100_000;
export const MAX_EVALUATION_MS = 2_000;

export class EvaluationBudgetExceeded extends Error {
  constructor(reason: string) {
    super(`evaluation stopped: ${reason}`);
    this.name = 'EvaluationBudgetExceeded';
  }
}

let steps = 0;
let deadline = 0;

/** Starts the budget of the evaluation about to run (evaluations are synchronous: one at a time). */
export function startBudget(): void {
  steps = 0;
  deadline = Date.now() + MAX_EVALUATION_MS;
}

/** The `debugger` callback given to fhirpath.js. */
export function spendStep(): void {
  steps += 1;
  if (steps > MAX_EVALUATION_STEPS) throw new EvaluationBudgetExceeded(`more than ${MAX_EVALUATION_STEPS} steps`);
  if ((steps & 1023) === 0 && Date.now() > deadline) {
    throw new EvaluationBudgetExceeded(`more than ${MAX_EVALUATION_MS} ms`);
  }
}
