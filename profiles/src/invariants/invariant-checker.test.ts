import type { ElementDefinitionConstraint, OperationOutcomeIssue } from '@medplum/fhirtypes';
import { expect } from 'chai';
import { baseConstraint } from '../test-support/base-constraint.js';
import { InvariantChecker } from './invariant-checker.js';
import type { InvariantContext } from './invariant-context.js';

const checker = new InvariantChecker();
const engineOnly = new InvariantChecker({ native: false });

type Json = Record<string, unknown>;

const rule = (
  key: string,
  expression: string,
  severity: 'error' | 'warning' = 'error',
): ElementDefinitionConstraint => ({
  key,
  severity,
  human: `${key} human text`,
  expression,
});

/** The context of a resource's root, or of a node below it. */
function at(resource: Json, path = String(resource.resourceType), elementPath = path, type?: string): InvariantContext {
  return { resource, rootResource: resource, path, elementPath, type };
}

/** Both checkers (native fast paths on and off) must agree; returns the issues. */
function check(
  constraints: ElementDefinitionConstraint[],
  node: unknown,
  context: InvariantContext,
): OperationOutcomeIssue[] {
  const issues = checker.check(constraints, node, context);
  expect(engineOnly.check(constraints, node, context)).to.deep.equal(issues);
  return issues;
}

const PAT_1 = baseConstraint('Patient.contact', 'pat-1');
const human = (c: ElementDefinitionConstraint): string => `${c.key ?? ''}: ${c.human ?? ''}`;

describe('conformance-rules.html#constraints — InvariantChecker', function () {
  describe('patient.html#invariants pat-1 (on Patient.contact)', function () {
    const patient = { resourceType: 'Patient', contact: [{ gender: 'male' }, { name: { family: 'Doe' } }] };

    it('a contact with neither details nor organization is an error at its path', function () {
      const issues = check([PAT_1], patient.contact[0], at(patient, 'Patient.contact[0]', 'Patient.contact'));
      expect(issues).to.deep.equal([
        { severity: 'error', code: 'invariant', diagnostics: human(PAT_1), expression: ['Patient.contact[0]'] },
      ]);
    });

    it('a contact with a name holds', function () {
      expect(check([PAT_1], patient.contact[1], at(patient, 'Patient.contact[1]', 'Patient.contact'))).to.deep.equal(
        [],
      );
    });

    it('the node is not modified by the evaluation (fhirpath.js adds type information to what it is given)', function () {
      const before = JSON.stringify(patient);
      check([PAT_1], patient.contact[0], at(patient, 'Patient.contact[0]', 'Patient.contact'));
      expect(JSON.stringify(patient)).to.equal(before);
      expect(Object.getOwnPropertyNames(patient.contact[0])).to.deep.equal(['gender']);
    });
  });

  describe('observation.html#invariants obs-6 and obs-7', function () {
    const OBS_6 = baseConstraint('Observation', 'obs-6');
    const OBS_7 = baseConstraint('Observation', 'obs-7');
    const code = { coding: [{ system: 'http://loinc.org', code: '85354-9' }] };

    it('obs-6: a value[x] (any choice type) together with dataAbsentReason is an error', function () {
      for (const value of [{ valueQuantity: { value: 1 } }, { valueString: 'x' }, { valueBoolean: false }]) {
        const observation = { resourceType: 'Observation', code, dataAbsentReason: { text: 'n/a' }, ...value };
        expect(check([OBS_6], observation, at(observation))).to.have.length(1);
      }
      const absent = { resourceType: 'Observation', code, dataAbsentReason: { text: 'n/a' } };
      expect(check([OBS_6], absent, at(absent))).to.deep.equal([]);
    });

    it('obs-7: a component with the Observation.code (%resource) beside a value is an error', function () {
      const observation = { resourceType: 'Observation', code, valueString: 'x', component: [{ code }] };
      expect(check([OBS_7], observation, at(observation))).to.deep.equal([
        { severity: 'error', code: 'invariant', diagnostics: human(OBS_7), expression: ['Observation'] },
      ]);
      const other = {
        ...observation,
        component: [{ code: { coding: [{ system: 'http://loinc.org', code: '8480-6' }] } }],
      };
      expect(check([OBS_7], other, at(other))).to.deep.equal([]);
    });
  });

  describe('domainresource.html#invariants dom-2..dom-6', function () {
    const dom = (key: string): ElementDefinitionConstraint => baseConstraint('DomainResource', key);
    const org = { resourceType: 'Organization', id: 'o1', name: 'x' };
    const patient = (contained: Json[], extra: Json = {}): Json => ({
      resourceType: 'Patient',
      text: { status: 'generated', div: '<div xmlns="http://www.w3.org/1999/xhtml">x</div>' },
      contained,
      managingOrganization: { reference: '#o1' },
      ...extra,
    });
    const keys = (issues: OperationOutcomeIssue[]): string[] => issues.map((i) => i.diagnostics?.split(':')[0] ?? '');
    const all = ['dom-2', 'dom-3', 'dom-4', 'dom-5', 'dom-6'].map(dom);

    it('a resource with one referenced, plain contained resource holds all five', function () {
      const resource = patient([org]);
      expect(check(all, resource, at(resource))).to.deep.equal([]);
    });

    it('dom-2: a contained resource with contained resources of its own', function () {
      const resource = patient([{ ...org, contained: [{ resourceType: 'Basic', id: 'b' }] }]);
      expect(keys(check([dom('dom-2')], resource, at(resource)))).to.deep.equal(['dom-2']);
    });

    it('dom-3: a contained resource nothing refers to; one that refers to its container (#) holds', function () {
      const unreferenced = patient([org], { managingOrganization: { reference: 'Organization/1' } });
      expect(keys(check([dom('dom-3')], unreferenced, at(unreferenced)))).to.deep.equal(['dom-3']);
      const toContainer = patient([{ resourceType: 'Provenance', id: 'p', target: [{ reference: '#' }] }], {
        managingOrganization: undefined,
      });
      expect(check([dom('dom-3')], toContainer, at(toContainer))).to.deep.equal([]);
    });

    it('dom-3: a canonical (uri-typed) reference counts, so a Questionnaire may contain its ValueSet', function () {
      const questionnaire = {
        resourceType: 'Questionnaire',
        status: 'active',
        contained: [{ resourceType: 'ValueSet', id: 'vs', status: 'active' }],
        item: [{ linkId: '1', type: 'choice', answerValueSet: '#vs' }],
      };
      expect(check([dom('dom-3')], questionnaire, at(questionnaire))).to.deep.equal([]);
    });

    it('dom-4: a contained resource with meta.versionId or meta.lastUpdated', function () {
      for (const meta of [{ versionId: '1' }, { lastUpdated: '2020-01-01T00:00:00Z' }]) {
        const resource = patient([{ ...org, meta }]);
        expect(keys(check([dom('dom-4')], resource, at(resource)))).to.deep.equal(['dom-4']);
      }
    });

    it('dom-5: a contained resource with a security label', function () {
      const resource = patient([{ ...org, meta: { security: [{ code: 'R' }] } }]);
      expect(keys(check([dom('dom-5')], resource, at(resource)))).to.deep.equal(['dom-5']);
    });

    it('dom-6 is best practice, so information (extension-elementdefinition-bestpractice.html): a resource without narrative', function () {
      const resource = { resourceType: 'Patient' };
      expect(check([dom('dom-6')], resource, at(resource))).to.deep.equal([
        { severity: 'information', code: 'invariant', diagnostics: human(dom('dom-6')), expression: ['Patient'] },
      ]);
    });

    it('dom-6 is not applied to a contained resource (domainresource-definitions.html#DomainResource.text)', function () {
      const container = patient([org]);
      const context = {
        resource: org,
        rootResource: container,
        path: 'Patient.contained[0]',
        elementPath: 'Organization',
      };
      expect(check([dom('dom-6')], org, context)).to.deep.equal([]);
    });
  });

  describe('element.html#invariants ele-1', function () {
    const ELE_1 = baseConstraint('Element', 'ele-1');
    const patient = { resourceType: 'Patient', name: [{ id: 'n1' }, { id: 'n2', text: 'x' }, {}] };
    const on = (node: unknown, i: number): OperationOutcomeIssue[] =>
      check([ELE_1], node, at(patient, `Patient.name[${i}]`, 'Patient.name', 'HumanName'));

    it('an element with only an id, or nothing, is an error; one with a child holds', function () {
      expect(on(patient.name[0], 0)).to.have.length(1);
      expect(on(patient.name[2], 2)).to.have.length(1);
      expect(on(patient.name[1], 1)).to.deep.equal([]);
    });

    it('a primitive with a value holds; an object with only a primitive extension (_given) holds', function () {
      expect(check([ELE_1], 'x', at(patient, 'Patient.gender', 'Patient.gender', 'code'))).to.deep.equal([]);
      expect(
        check([ELE_1], 3, at(patient, 'Patient.multipleBirthInteger', 'Patient.multipleBirth[x]', 'integer')),
      ).to.deep.equal([]);
      expect(on({ _text: { extension: [{ url: 'u', valueString: 'v' }] } }, 0)).to.deep.equal([]);
      const extensionOnly = { extension: [{ url: 'u', valueCode: 'unknown' }] };
      expect(
        check([ELE_1], extensionOnly, at(patient, 'Patient.birthDate', 'Patient.birthDate', 'date')),
      ).to.deep.equal([]);
    });
  });

  describe('extensibility.html#invariants ext-1', function () {
    const EXT_1 = baseConstraint('Extension', 'ext-1');
    const patient = { resourceType: 'Patient' };
    const on = (extension: Json): OperationOutcomeIssue[] =>
      check([EXT_1], extension, at(patient, 'Patient.extension[0]', 'Patient.extension', 'Extension'));

    it('a value or nested extensions holds; both, or neither, is an error', function () {
      expect(on({ url: 'u', valueString: 'v' })).to.deep.equal([]);
      expect(on({ url: 'u', valueCodeableConcept: { text: 'v' } })).to.deep.equal([]);
      expect(on({ url: 'u', extension: [{ url: 'a', valueBoolean: true }] })).to.deep.equal([]);
      expect(on({ url: 'u', extension: [{ url: 'a', valueBoolean: true }], valueString: 'v' })).to.have.length(1);
      expect(on({ url: 'u' })).to.have.length(1);
    });
  });

  describe('conformance-rules.html#constraints — severity, failures and bounds', function () {
    const patient = { resourceType: 'Patient', name: [{ given: ['A', 'B'] }], birthDate: '1990-01-01' };

    it('a warning-severity constraint that fails is a warning, not an error', function () {
      const issues = check([rule('x-1', 'name.given.count() > 2', 'warning')], patient, at(patient));
      expect(issues).to.deep.equal([
        { severity: 'warning', code: 'invariant', diagnostics: 'x-1: x-1 human text', expression: ['Patient'] },
      ]);
    });

    it('a constraint whose result is a boolean element of the node (`active`) fails on false', function () {
      const inactive = { resourceType: 'Patient', active: false };
      expect(check([rule('x-8', 'active')], inactive, at(inactive))).to.have.length(1);
      expect(check([rule('x-8', 'active')], { ...inactive, active: true }, at(inactive))).to.deep.equal([]);
    });

    it('a constraint that throws (substring() of two items) is one warning naming the key, no values', function () {
      const issues = check([rule('x-2', "name.given.substring(1) = 'x'")], patient, at(patient));
      expect(issues).to.have.length(1);
      expect(issues[0]).to.include({ severity: 'warning', code: 'invariant' });
      expect(issues[0]?.diagnostics).to.match(/^x-2: not checked/);
      expect(issues[0]?.diagnostics).not.to.match(/\bA\b|\bB\b/);
    });

    it('a constraint that does not parse is one warning, every time it is met', function () {
      for (let i = 0; i < 2; i++) {
        expect(check([rule('x-3', 'name.where(')], patient, at(patient))[0]?.diagnostics).to.match(/^x-3: not checked/);
      }
    });

    it('a pathological constraint in a posted profile is stopped by the step budget, as a warning', function () {
      const big = { resourceType: 'Patient', name: Array.from({ length: 300 }, () => ({ given: ['a', 'b', 'c'] })) };
      const issues = check(
        [rule('x-4', 'descendants().select(%resource.descendants().where(true)).count() > 0')],
        big,
        at(big),
      );
      expect(issues[0]?.diagnostics).to.equal('x-4: not checked, it exceeded the evaluation budget on this element');
    });

    it('trace() writes nothing (its output would be values: PHI in logs)', function () {
      const written: unknown[] = [];
      const log = console.log;
      console.log = (...args: unknown[]) => written.push(args);
      try {
        check([rule('x-5', "name.given.trace('given').exists()")], patient, at(patient));
      } finally {
        console.log = log;
      }
      expect(written).to.deep.equal([]);
    });
  });

  describe('fhirpath.html#variables and functions — typed evaluation, %resource, %rootResource, resolve()', function () {
    it('a choice node is evaluated as its type: ofType, is, as, %ucum (qty-3, age-1, ras-2)', function () {
      const observation = { resourceType: 'Observation', valueQuantity: { value: 3, unit: 'mg', code: 'mg' } };
      const node = observation.valueQuantity;
      const context = at(observation, 'Observation.valueQuantity', 'Observation.value[x]', 'Quantity');
      expect(check([baseConstraint('Quantity', 'qty-3')], node, context)).to.have.length(1);
      expect(check([rule('x-6', '$this is Quantity and (value as decimal) > 2')], node, context)).to.deep.equal([]);
      const age = { value: 30, unit: 'a', system: 'http://unitsofmeasure.org', code: 'a' };
      expect(
        check(
          [baseConstraint('Age', 'age-1')],
          age,
          at(observation, 'Observation.valueQuantity', 'Observation.value[x]', 'Age'),
        ),
      ).to.deep.equal([]);
      const other = { ...age, system: 'http://example.org/units' };
      expect(
        check(
          [baseConstraint('Age', 'age-1')],
          other,
          at(observation, 'Observation.valueQuantity', 'Observation.value[x]', 'Age'),
        ),
      ).to.have.length(1);
      const component = { code: { text: 'c' }, valueString: 'x' };
      const c = at(observation, 'Observation.component[0]', 'Observation.component');
      expect(
        check([rule('x-7', 'value.ofType(string).exists() and value.ofType(Quantity).empty()')], component, c),
      ).to.deep.equal([]);
      const prediction = { probabilityDecimal: 120 };
      const ras = at({ resourceType: 'RiskAssessment' }, 'RiskAssessment.prediction[0]', 'RiskAssessment.prediction');
      expect(check([baseConstraint('RiskAssessment.prediction', 'ras-2')], prediction, ras)).to.have.length(1);
    });

    it('ref-1: a #id reference in a contained resource resolves against %rootResource (its container)', function () {
      const ref1 = baseConstraint('Reference', 'ref-1');
      const container = {
        resourceType: 'CarePlan',
        contained: [
          { resourceType: 'Goal', id: 'g' },
          { resourceType: 'Condition', id: 'c', subject: { reference: '#g' } },
        ],
        goal: [{ reference: '#g' }],
        addresses: [{ reference: '#c' }],
      };
      const inner = container.contained[1] as Json;
      const context = {
        resource: inner,
        rootResource: container,
        path: 'CarePlan.contained[1].subject',
        elementPath: 'Condition.subject',
        type: 'Reference',
      };
      expect(check([ref1], { reference: '#g' }, context)).to.deep.equal([]);
      expect(check([ref1], { reference: '#missing' }, context)).to.have.length(1);
      expect(check([ref1], { reference: 'Patient/1' }, context)).to.deep.equal([]);
    });

    it('resolve() finds contained resources (#id) and, through the context resolver, Bundle entries (ctm-1)', function () {
      const ctm1 = baseConstraint('CareTeam.participant', 'ctm-1');
      const team = {
        resourceType: 'CareTeam',
        contained: [
          { resourceType: 'Patient', id: 'p' },
          { resourceType: 'Practitioner', id: 'd' },
        ],
        participant: [{ member: { reference: '#p' }, onBehalfOf: { reference: 'Organization/1' } }],
      };
      const context = at(team, 'CareTeam.participant[0]', 'CareTeam.participant');
      expect(check([ctm1], team.participant[0], context)).to.have.length(1);
      expect(check([ctm1], { ...team.participant[0], member: { reference: '#d' } }, context)).to.deep.equal([]);
      const entries: Record<string, Json> = { 'Practitioner/9': { resourceType: 'Practitioner', id: '9' } };
      const inBundle = { ...context, resolve: (reference: string) => entries[reference] };
      expect(
        check([ctm1], { ...team.participant[0], member: { reference: 'Practitioner/9' } }, inBundle),
      ).to.deep.equal([]);
      expect(
        check([ctm1], { ...team.participant[0], member: { reference: 'Patient/unknown' } }, inBundle),
      ).to.deep.equal([]);
    });
  });

  describe('known-broken R4 constraints (constraint-exceptions.ts)', function () {
    it('txt-1 and txt-2 are skipped here (the schema layer checks txt-1)', function () {
      const resource = {
        resourceType: 'Patient',
        text: { status: 'generated', div: '<div xmlns="http://www.w3.org/1999/xhtml"> </div>' },
      };
      const context = at(resource, 'Patient.text', 'Patient.text', 'Narrative');
      const rules = [baseConstraint('Narrative.div', 'txt-1'), baseConstraint('Narrative.div', 'txt-2')];
      expect(check(rules, resource.text.div, { ...context, path: 'Patient.text.div', type: 'xhtml' })).to.deep.equal(
        [],
      );
    });

    it("app-4 as R4 4.0.1 ships it ('no-show') is read with the AppointmentStatus code 'noshow'", function () {
      const official = rule(
        'app-4',
        "Appointment.cancelationReason.exists() implies (Appointment.status='no-show' or Appointment.status='cancelled')",
      );
      const appointment = {
        resourceType: 'Appointment',
        status: 'noshow',
        cancelationReason: { text: 'x' },
        participant: [],
      };
      expect(check([official], appointment, at(appointment))).to.deep.equal([]);
    });

    it('tim-9 as R4 4.0.1 ships it does not throw on several Timing.repeat.when codes', function () {
      const official = rule(
        'tim-9',
        "offset.empty() or (when.exists() and ((when in ('C' | 'CM' | 'CD' | 'CV')).not()))",
      );
      const repeat = { when: ['MORN', 'EVE'], offset: 30 };
      const context = at(
        { resourceType: 'MedicationRequest' },
        'MedicationRequest.dosageInstruction[0].timing.repeat',
        'Timing.repeat',
      );
      expect(check([official], repeat, context)).to.deep.equal([]);
      expect(check([official], { when: ['MORN', 'C'], offset: 30 }, context)).to.have.length(1);
    });
  });
});
