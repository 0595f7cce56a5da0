import type { CodeSystem, OperationOutcomeIssue, ValueSet } from '@medplum/fhirtypes';
import { expect } from 'chai';
import { BindingChecker } from './binding-checker.js';
import { MapTerminologySource } from './map-terminology-source.test-support.js';
import { r4Binding } from './r4-binding.test-support.js';
import { Terminology } from './terminology.js';
import { TerminologyNotes } from './terminology-notes.js';

const checker = BindingChecker.shared();
const V3_MARITAL = 'http://terminology.hl7.org/CodeSystem/v3-MaritalStatus';
const CLINICAL = 'http://terminology.hl7.org/CodeSystem/condition-clinical';
const UCUM = 'http://unitsofmeasure.org';

function summary(issues: OperationOutcomeIssue[]): string[] {
  return issues.map((i) => `${i.severity} ${i.code} ${i.expression?.join()}`);
}

describe('terminologies.html#required — a required binding', () => {
  const gender = r4Binding('Patient.gender');

  it('a code of administrative-gender passes; one outside it is an error naming the code and value set', () => {
    expect(gender.valueSet).to.match(/\|4\.0\.1$/);
    expect(checker.checkBinding(gender, 'female', 'code', 'Patient.gender')).to.deep.equal([]);
    const issues = checker.checkBinding(gender, 'femal', 'code', 'Patient.gender');
    expect(summary(issues)).to.deep.equal(['error code-invalid Patient.gender']);
    expect(issues[0]?.diagnostics).to.contain("'femal'").and.contain('administrative-gender').and.contain('required');
  });

  it('observation-status: a whole-system include takes only the codes the CodeSystem defines', () => {
    const status = r4Binding('Observation.status');
    expect(checker.checkBinding(status, 'final', 'code', 'Observation.status')).to.deep.equal([]);
    expect(summary(checker.checkBinding(status, 'done', 'code', 'Observation.status'))).to.deep.equal([
      'error code-invalid Observation.status',
    ]);
  });

  it('a Coding whose system the ValueSet does not name is not in, even with a code that is', () => {
    const binding = { strength: 'required' as const, valueSet: gender.valueSet };
    const coding = { system: 'http://example.org/genders', code: 'female' };
    const issues = checker.checkBinding(binding, coding, 'Coding', 'Extension.valueCoding');
    expect(summary(issues)).to.deep.equal(['error code-invalid Extension.valueCoding']);
    expect(issues[0]?.diagnostics).to.contain('http://example.org/genders|female');
  });

  it('a Coding without a system is in no value set (datatypes.html#Coding); a code element needs none', () => {
    const issues = checker.checkBinding(gender, { code: 'female' }, 'Coding', 'Extension.valueCoding');
    expect(summary(issues)).to.deep.equal(['error code-invalid Extension.valueCoding']);
    expect(issues[0]?.diagnostics).to.contain("'female' (no system)");
  });

  it('a CodeableConcept is in when any coding is; text alone is an error (codeableconcept: SHALL be from the value set)', () => {
    const clinical = r4Binding('Condition.clinicalStatus');
    const both = {
      coding: [
        { system: 'http://example.org', code: 'x' },
        { system: CLINICAL, code: 'active' },
      ],
    };
    expect(checker.checkBinding(clinical, both, 'CodeableConcept', 'Condition.clinicalStatus')).to.deep.equal([]);
    const textOnly = checker.checkBinding(clinical, { text: 'gone' }, 'CodeableConcept', 'Condition.clinicalStatus');
    expect(summary(textOnly)).to.deep.equal(['error code-invalid Condition.clinicalStatus']);
    expect(textOnly[0]?.diagnostics).not.to.contain('gone');
  });

  it('codesystem.html#hierarchy: nested concepts of condition-clinical are in; unknown ones are not', () => {
    const clinical = r4Binding('Condition.clinicalStatus');
    const relapse = { coding: [{ system: CLINICAL, code: 'relapse' }] };
    expect(checker.checkBinding(clinical, relapse, 'CodeableConcept', 'Condition.clinicalStatus')).to.deep.equal([]);
    const worse = {
      coding: [
        { system: CLINICAL, code: 'worse' },
        { system: CLINICAL, code: 'better' },
      ],
    };
    const issues = checker.checkBinding(clinical, worse, 'CodeableConcept', 'Condition.clinicalStatus');
    expect(issues[0]?.diagnostics).to.contain(`None of the codings (${CLINICAL}|worse, ${CLINICAL}|better)`);
  });
});

describe('terminologies.html#extensible — an extensible binding', () => {
  const marital = r4Binding('Patient.maritalStatus');

  it('marital-status: v3 MaritalStatus codes and NullFlavor UNK pass; another NullFlavor is a warning', () => {
    const married = { coding: [{ system: V3_MARITAL, code: 'M' }] };
    const unknown = { coding: [{ system: 'http://terminology.hl7.org/CodeSystem/v3-NullFlavor', code: 'UNK' }] };
    const masked = { coding: [{ system: 'http://terminology.hl7.org/CodeSystem/v3-NullFlavor', code: 'MSK' }] };
    expect(checker.checkBinding(marital, married, 'CodeableConcept', 'Patient.maritalStatus')).to.deep.equal([]);
    expect(checker.checkBinding(marital, unknown, 'CodeableConcept', 'Patient.maritalStatus')).to.deep.equal([]);
    expect(summary(checker.checkBinding(marital, masked, 'CodeableConcept', 'Patient.maritalStatus'))).to.deep.equal([
      'warning code-invalid Patient.maritalStatus',
    ]);
  });

  it('text alone is allowed when no code applies (terminologies.html#extensible)', () => {
    expect(checker.checkBinding(marital, { text: 'it is complicated' }, 'CodeableConcept', 'Patient.maritalStatus')).to
      .be.empty;
  });

  it('a display that is not the code system one is a warning at the display (datatypes.html#Coding)', () => {
    const value = { coding: [{ system: V3_MARITAL, code: 'S', display: 'single' }] };
    const issues = checker.checkBinding(marital, value, 'CodeableConcept', 'Patient.maritalStatus');
    expect(summary(issues)).to.deep.equal(['warning code-invalid Patient.maritalStatus.coding[0].display']);
    expect(issues[0]?.diagnostics).to.contain("'Never Married'").and.not.contain('single');
    const sameButCase = { coding: [{ system: V3_MARITAL, code: 'S', display: 'never  married' }] };
    expect(checker.checkBinding(marital, sameButCase, 'CodeableConcept', 'Patient.maritalStatus')).to.be.empty;
  });

  it('valueset-filter-operator.html#is-a: a code under the filter passes, one outside or abstract (notSelectable) is a warning', () => {
    const binding = {
      strength: 'extensible' as const,
      valueSet: 'http://hl7.org/fhir/ValueSet/sibling-relationship-codes',
    };
    const role = 'http://terminology.hl7.org/CodeSystem/v3-RoleCode';
    expect(checker.checkBinding(binding, { system: role, code: 'HBRO' }, 'Coding', 'X.relationship')).to.be.empty;
    expect(
      summary(checker.checkBinding(binding, { system: role, code: 'MTH' }, 'Coding', 'X.relationship')),
    ).to.deep.equal(['warning code-invalid X.relationship']);
  });
});

describe('terminologies.html#preferred and #example — weaker bindings', () => {
  it('languages (preferred): a listed BCP-47 tag passes, another is a warning', () => {
    const language = r4Binding('Patient.communication.language');
    const en = { coding: [{ system: 'urn:ietf:bcp:47', code: 'en-US' }] };
    const tlh = { coding: [{ system: 'urn:ietf:bcp:47', code: 'tlh' }] };
    expect(checker.checkBinding(language, en, 'CodeableConcept', 'Patient.communication[0].language')).to.be.empty;
    expect(
      summary(checker.checkBinding(language, tlh, 'CodeableConcept', 'Patient.communication[0].language')),
    ).to.deep.equal(['warning code-invalid Patient.communication[0].language']);
  });

  it('an example binding is never checked', () => {
    const code = r4Binding('Observation.code');
    expect(code.strength).to.equal('example');
    expect(checker.checkBinding(code, { coding: [{ system: 'x', code: 'y' }] }, 'CodeableConcept', 'Observation.code'))
      .to.be.empty;
  });
});

describe('terminologies.html#strength — code systems whose content is not here', () => {
  const required = (valueSet: string): { strength: 'required'; valueSet: string } => ({
    strength: 'required',
    valueSet,
  });

  it('ucum-units: a well-formed UCUM code passes, checked for form only, said once per validation', () => {
    const units = required('http://hl7.org/fhir/ValueSet/ucum-units');
    const notes = new TerminologyNotes();
    for (const code of ['mg/dL', 'kg/m2', '10*3/uL', 'mm[Hg]', '{beats}/min']) {
      expect(
        checker.checkBinding(units, { value: 1, system: UCUM, code }, 'Quantity', 'Observation.valueQuantity', notes),
      ).to.be.empty;
    }
    expect(summary(notes.issues())).to.deep.equal(['information informational Observation.valueQuantity']);
    expect(notes.issues()[0]?.diagnostics).to.contain('UCUM (http://unitsofmeasure.org)');
    const bad = checker.checkBinding(units, { system: UCUM, code: 'mg dL' }, 'Quantity', 'Observation.valueQuantity');
    expect(summary(bad)).to.deep.equal([
      'error code-invalid Observation.valueQuantity',
      'information informational Observation.valueQuantity',
    ]);
    expect(bad[0]?.diagnostics).to.contain('not a well-formed UCUM code');
  });

  it('ucum-units: a well-formed code of symbols that are no UCUM units is an error (ucum.org)', () => {
    const units = required('http://hl7.org/fhir/ValueSet/ucum-units');
    expect(checker.checkBinding(units, { system: UCUM, code: 'mgg' }, 'Quantity', 'Q')[0]?.severity).to.equal('error');
    expect(summary(checker.checkBinding(units, { system: UCUM, code: 'L/min' }, 'Quantity', 'Q'))).to.deep.equal([
      'information informational Q',
    ]);
  });

  it('LOINC is checked for form and its mod-10 check digit', () => {
    const loinc = required('http://hl7.org/fhir/ValueSet/observation-codes');
    const coding = (code: string): unknown => ({ coding: [{ system: 'http://loinc.org', code }] });
    expect(summary(checker.checkBinding(loinc, coding('8480-6'), 'CodeableConcept', 'Observation.code'))).to.deep.equal(
      ['information informational Observation.code.coding[0]'],
    );
    const issues = checker.checkBinding(loinc, coding('8480-5'), 'CodeableConcept', 'Observation.code');
    expect(issues[0]?.diagnostics).to.contain('not a well-formed LOINC code');
  });

  it('SNOMED CT (content not-present, is-a filter not evaluable): SCTID form and Verhoeff check digit', () => {
    const condition = required('http://hl7.org/fhir/ValueSet/condition-code');
    const coding = (code: string): unknown => ({ system: 'http://snomed.info/sct', code });
    const notes = new TerminologyNotes();
    expect(checker.checkBinding(condition, coding('38341003'), 'Coding', 'Condition.code.coding[0]', notes)).to.be
      .empty;
    expect(checker.checkBinding(condition, coding('160245001'), 'Coding', 'Condition.code.coding[1]', notes)).to.be
      .empty;
    expect(
      checker.checkBinding(condition, coding('38341004'), 'Coding', 'Condition.code.coding[2]', notes),
    ).to.have.length(1);
    expect(notes.issues()).to.have.length(1);
  });

  it('a CodeSystem with content example (service-type): a code it does not list is not refused', () => {
    const serviceType = required('http://hl7.org/fhir/ValueSet/service-type');
    const coding = { system: 'http://terminology.hl7.org/CodeSystem/service-type', code: '99999' };
    expect(summary(checker.checkBinding(serviceType, coding, 'Coding', 'Appointment.serviceType'))).to.deep.equal([
      'information informational Appointment.serviceType',
    ]);
  });

  it('a ValueSet not loaded here (VSAC) is one not-supported warning per validation, never an error', () => {
    const vsac = required('http://cts.nlm.nih.gov/fhir/ValueSet/2.16.840.1.113762.1.4.1010.4');
    const notes = new TerminologyNotes();
    for (const code of ['a', 'b']) {
      expect(checker.checkBinding(vsac, { system: 'urn:x', code }, 'Coding', `X.coding[${code}]`, notes)).to.be.empty;
    }
    const issues = notes.issues();
    expect(summary(issues)).to.deep.equal(['warning not-supported X.coding[a]']);
    expect(issues[0]?.diagnostics).to.contain(vsac.valueSet);
  });
});

describe('binding checks — diagnostics carry no submitted values but codes (operationoutcome.html)', () => {
  it('a string element bound to a value set is not quoted', () => {
    const binding = { strength: 'required' as const, valueSet: 'http://hl7.org/fhir/ValueSet/administrative-gender' };
    const issues = checker.checkBinding(binding, 'Jane Doe, 12 Elm St', 'string', 'X.s');
    expect(issues[0]?.diagnostics).not.to.contain('Jane');
  });

  it('diagnostics stay short: at most 5 codings named, long codes cut', () => {
    const clinical = r4Binding('Condition.clinicalStatus');
    const coding = Array.from({ length: 1000 }, (_, i) => ({ system: CLINICAL, code: `x${i}`.padEnd(5000, 'x') }));
    const [issue] = checker.checkBinding(clinical, { coding }, 'CodeableConcept', 'Condition.clinicalStatus');
    expect(issue?.diagnostics?.length).to.be.below(1200);
    expect(issue?.diagnostics).to.contain('995 more');
  });

  it('values of the wrong shape or types without codes are left to the other layers', () => {
    const gender = r4Binding('Patient.gender');
    expect(checker.checkBinding(gender, 42, 'code', 'Patient.gender')).to.be.empty;
    expect(checker.checkBinding(gender, { code: 'x' }, 'Reference', 'Patient.gender')).to.be.empty;
    const units = { strength: 'required' as const, valueSet: 'http://hl7.org/fhir/ValueSet/ucum-units' };
    expect(checker.checkBinding(units, { code: 'mg dL' }, 'Quantity', 'Q'), 'qty-3 reports it').to.be.empty;
  });
});

describe('binding checks over a changing source (terminologies.html#binding)', () => {
  const system = 'http://example.org/CodeSystem/triage';
  const codeSystem = (codes: string[]): CodeSystem => ({
    resourceType: 'CodeSystem',
    url: system,
    status: 'active',
    content: 'complete',
    concept: codes.map((code) => ({ code })),
  });
  const triage: ValueSet = {
    resourceType: 'ValueSet',
    url: 'http://example.org/ValueSet/triage',
    status: 'active',
    compose: { include: [{ system }] },
  };
  const binding = { strength: 'required' as const, valueSet: `${triage.url}|1` };

  it('a CodeSystem posted later counts at once: expansions follow the source revision', () => {
    const source = new MapTerminologySource([triage, codeSystem(['red'])]);
    const checker = new BindingChecker(new Terminology(source));
    expect(checker.checkBinding(binding, { system, code: 'amber' }, 'Coding', 'X.triage')).to.have.length(1);
    source.add(codeSystem(['red', 'amber']));
    expect(checker.checkBinding(binding, { system, code: 'amber' }, 'Coding', 'X.triage')).to.be.empty;
  });

  it('an expansion beyond 10,000 codes is not-supported, not an error', () => {
    const huge: ValueSet = {
      ...triage,
      url: 'http://example.org/ValueSet/huge',
      compose: { include: [{ system, concept: Array.from({ length: 10_001 }, (_, i) => ({ code: `c${i}` })) }] },
    };
    const checker = new BindingChecker(new Terminology(new MapTerminologySource([huge])));
    const issues = checker.checkBinding({ strength: 'required', valueSet: huge.url }, 'x', 'code', 'X.code');
    expect(summary(issues)).to.deep.equal(['warning not-supported X.code']);
    expect(issues[0]?.diagnostics).to.contain('10000 codes');
  });
});

describe('profiling.html#discriminator — memberOf for slices told apart by a binding', () => {
  it('true when a coding is in, false when none is, undefined when it cannot be told here', () => {
    const gender = 'http://hl7.org/fhir/ValueSet/administrative-gender';
    expect(checker.memberOf('male', 'code', gender)).to.equal(true);
    expect(checker.memberOf('man', 'code', gender)).to.equal(false);
    const clinical = {
      coding: [
        { system: 'urn:x', code: 'a' },
        { system: CLINICAL, code: 'resolved' },
      ],
    };
    expect(checker.memberOf(clinical, 'CodeableConcept', 'http://hl7.org/fhir/ValueSet/condition-clinical')).to.equal(
      true,
    );
    const snomed = { system: 'http://snomed.info/sct', code: '38341003' };
    expect(checker.memberOf(snomed, 'Coding', 'http://hl7.org/fhir/ValueSet/condition-code')).to.equal(undefined);
    expect(checker.memberOf(snomed, 'Coding', 'http://cts.nlm.nih.gov/fhir/ValueSet/1.2.3')).to.equal(undefined);
  });

  it('a code excluded from a whole-system include is not in (valueset.html#compose)', () => {
    const category = 'http://terminology.hl7.org/CodeSystem/observation-category';
    const loinc = 'http://loinc.org';
    const noSurvey: ValueSet = {
      resourceType: 'ValueSet',
      url: 'http://example.org/ValueSet/no-survey',
      status: 'active',
      compose: {
        include: [{ system: category }, { system: loinc }],
        exclude: [
          { system: category, concept: [{ code: 'survey' }] },
          { system: loinc, concept: [{ code: '8480-6' }] },
        ],
      },
    };
    const own = new BindingChecker(new Terminology(new MapTerminologySource([noSurvey])));
    const coding = (system: string, code: string): unknown => ({ coding: [{ system, code }] });
    const url = noSurvey.url ?? '';
    expect(own.memberOf(coding(category, 'survey'), 'CodeableConcept', url)).to.equal(false);
    expect(own.memberOf(coding(category, 'exam'), 'CodeableConcept', url)).to.equal(true);
    expect(own.memberOf('survey', 'code', url)).to.equal(false);
    // LOINC is checked for form only, but an excluded code is surely out.
    expect(own.memberOf(coding(loinc, '8480-6'), 'CodeableConcept', url)).to.equal(false);
    expect(own.memberOf(coding(loinc, '8462-4'), 'CodeableConcept', url)).to.equal(undefined);
    const issues = own.checkBinding(
      { strength: 'required', valueSet: url },
      coding(category, 'survey'),
      'CodeableConcept',
      'X',
    );
    expect(summary(issues)).to.deep.equal(['error code-invalid X']);
  });
});
