import { expect } from 'chai';
import { describe, it } from 'mocha';
import { OperationOutcomeError } from '../errors/outcome-error.js';
import { StoreUnitRolledBackError } from '../store/port.js';
import { asOutcomeError } from './store-errors.js';

describe('http.html#trules — a unit of work rolled back by recovery', () => {
  it('answers 503 transient, saying nothing was stored (http.html#ops)', () => {
    const error = asOutcomeError(new StoreUnitRolledBackError('txn-1'));
    expect(error).to.be.instanceOf(OperationOutcomeError);
    const outcome = error as OperationOutcomeError;
    expect(outcome.status).to.equal(503);
    expect(outcome.outcome.issue[0]).to.include({ code: 'transient' });
    expect(outcome.outcome.issue[0]?.diagnostics).to.match(/rolled back.*nothing was stored/);
  });
});
