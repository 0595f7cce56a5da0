import { expect } from 'chai';
import { outcome } from './__test__/fake-fetch.js';
import { errorFromResponse } from './error-from-response.js';
import {
  FhirAuthError,
  FhirClientError,
  FhirConflictError,
  FhirGoneError,
  FhirInvalidRequestError,
  FhirNotFoundError,
  FhirPreconditionFailedError,
  FhirRateLimitError,
  FhirServerError,
} from './errors.js';

describe('errorFromResponse', () => {
  const cases: Array<[number, typeof FhirClientError]> = [
    [400, FhirInvalidRequestError],
    [401, FhirAuthError],
    [403, FhirAuthError],
    [404, FhirNotFoundError],
    [409, FhirConflictError],
    [410, FhirGoneError],
    [412, FhirPreconditionFailedError],
    [422, FhirInvalidRequestError],
    [429, FhirRateLimitError],
    [500, FhirServerError],
    [503, FhirServerError],
  ];
  for (const [status, type] of cases) {
    it(`maps ${status} to ${type.name}`, () => {
      const error = errorFromResponse(status, '', outcome('processing', 'x'));
      expect(error).to.be.instanceOf(type);
      expect(error).to.be.instanceOf(FhirClientError);
      expect(error.status).to.equal(status);
    });
  }

  it('rebuilds the OperationOutcome and takes the message from its diagnostics', () => {
    const body = outcome('not-found', 'Patient/p9 is not known');
    const error = errorFromResponse(404, 'Not Found', body);
    expect(error.outcome).to.deep.equal(body);
    expect(error.issues).to.have.length(1);
    expect(error.issues[0]?.code).to.equal('not-found');
    expect(error.message).to.equal('Patient/p9 is not known');
    expect(error.name).to.equal('FhirNotFoundError');
  });

  it('falls back to details.text, then to the status line', () => {
    const withText = errorFromResponse(400, 'Bad Request', {
      resourceType: 'OperationOutcome',
      issue: [{ severity: 'error', code: 'invalid', details: { text: 'bad date' } }],
    });
    expect(withText.message).to.equal('bad date');
    const withoutOutcome = errorFromResponse(502, 'Bad Gateway', { error: 'upstream' });
    expect(withoutOutcome.outcome).to.equal(undefined);
    expect(withoutOutcome.issues).to.deep.equal([]);
    expect(withoutOutcome.message).to.equal('HTTP 502 Bad Gateway');
  });

  it('does not take a body with no issue array for an OperationOutcome (and does not throw)', () => {
    const error = errorFromResponse(400, 'Bad Request', { resourceType: 'OperationOutcome', issue: {} });
    expect(error.outcome).to.equal(undefined);
    expect(error.message).to.equal('HTTP 400 Bad Request');
  });

  it('keeps an unlisted 4xx as a plain FhirClientError', () => {
    const error = errorFromResponse(405, 'Method Not Allowed', undefined);
    expect(error.constructor).to.equal(FhirClientError);
  });
});
