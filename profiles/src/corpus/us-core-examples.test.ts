import { expect } from 'chai';
import { issueSummary } from '../test-support/issue-summary.js';
import { packageExamples } from './package-examples.js';
import { usCorePackages, validatorWithPackages } from './us-core-validator.js';

/**
 * Examples that do not validate, `version/file` → their errors, each with the reason. Every one
 * is published as conformant, so a failure here is ours unless the example itself breaks R4.
 */
const KNOWN_FAILURES: Readonly<Record<string, { reason: string; errors: string[] }>> = {
  '3.1.1/DiagnosticReport-cardiology-report.json': {
    reason: "the example's own presentedForm[0].hash is 'EQH/..AgME': '.' is not base64 (datatypes.html#base64Binary)",
    errors: ['error value @ DiagnosticReport.presentedForm[0].hash'],
  },
  '3.1.1/Observation-satO2-fiO2.json': {
    reason:
      "the profile contradicts itself: US Core 3.1.1 pulse-oximetry fixes FlowRate's unit code to L/min and inherits vital signs' required ucum-vitals-common binding, which has no L/min (later versions drop the binding)",
    errors: ['error code-invalid @ Observation.component[0].valueQuantity'],
  },
};

/** Per US Core package: a registry with that package alone, so each example meets its own version of the profiles. */
describe('packages.html — the examples of each US Core package validate against the profiles they claim', function () {
  const packages = usCorePackages();
  before(function () {
    if (packages.length === 0) this.skip();
  });

  for (const version of ['3.1.1', '4.0.0', '5.0.1', '6.1.0', '7.0.0', '8.0.0']) {
    it(`US Core ${version}: no example yields an error (meta.profile claims, profiles mode)`, function () {
      this.timeout(120_000);
      const entry = packages.find((candidate) => candidate.version === version);
      expect(entry, `hl7.fhir.us.core-${version}.tgz`).to.not.equal(undefined);
      if (!entry) return;
      const validator = validatorWithPackages([entry.path]);
      const examples = packageExamples(entry.path);
      expect(examples.length).to.be.above(80);
      const failing: Record<string, string[]> = {};
      for (const example of examples) {
        const errors = validator
          .validate(example.resource, { mode: 'profiles' })
          .filter((issue) => issue.severity === 'error')
          .map(issueSummary);
        if (errors.length > 0) failing[`${version}/${example.name}`] = errors;
      }
      const known = Object.fromEntries(
        Object.entries(KNOWN_FAILURES)
          .filter(([key]) => key.startsWith(`${version}/`))
          .map(([key, value]) => [key, value.errors]),
      );
      expect(failing).to.deep.equal(known);
    });
  }
});
