import type { OperationOutcome } from '@medplum/fhirtypes';
import { expect } from 'chai';
import type { MemoryResourceStore } from '../store/memory/memory-store.js';
import type { CallResult } from './http-call.js';

/** Traces of internals that must never reach a client: stack frames, file paths, raw errors. */
const LEAKS = [
  /\bat .+:\d+:\d+/,
  /\.(?:ts|js):\d+/,
  /node_modules/,
  /\/(?:work|home|usr|src|dist)\//,
  /TypeError|ReferenceError|RangeError/,
];

/**
 * Every error answer is an OperationOutcome (http.html#ops: "the body SHOULD be an
 * OperationOutcome") led by an error, with a client-error status and nothing of the server's insides in it.
 */
export function expectOutcome(result: CallResult, status: number, format: 'json' | 'xml' = 'json'): OperationOutcome {
  expect(result.status, result.text).to.equal(status);
  expect(result.status).to.be.within(400, 499);
  expect(result.headers.get('content-type') ?? '').to.match(new RegExp(`^application/fhir\\+${format}`));
  const outcome = result.body as OperationOutcome | undefined;
  expect(outcome?.resourceType, result.text).to.equal('OperationOutcome');
  // Errors come first; a refused resource's outcome may go on with its warnings and information
  // (dom-6 "should have narrative", a best-practice constraint), which do not refuse it.
  const first = outcome?.issue?.[0]?.severity;
  expect(first === 'error' || first === 'fatal', result.text).to.equal(true);
  for (const leak of LEAKS) expect(result.text).not.to.match(leak);
  return outcome as OperationOutcome;
}

/**
 * Everything stored except the audit trail (which records failures too, by design): a test
 * takes it before hostile input and compares after, to prove nothing changed.
 */
export async function storedState(store: MemoryResourceStore): Promise<string[]> {
  const { records } = await store.history({ offset: 0, count: 1_000_000 });
  return records
    .filter((r) => r.resourceType !== 'AuditEvent')
    .map((r) => JSON.stringify(r))
    .sort();
}

/** Where an outcome's errors point (operationoutcome.html: issue.expression), in order. */
export function errorExpressions(outcome: OperationOutcome): string[] {
  return outcome.issue.filter((i) => i.severity === 'error').flatMap((i) => i.expression ?? []);
}
