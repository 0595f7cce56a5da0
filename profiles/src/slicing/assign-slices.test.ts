import type { Observation, Patient } from '@medplum/fhirtypes';
import { expect } from 'chai';
import { DefinitionRegistry } from '../definitions/definition-registry.js';
import { type UsCorePackage, usCorePackage } from '../test-support/us-core-package.js';
import { assignSlices } from './assign-slices.js';
import type { SlicingContext } from './slicing-context.js';
import { element, issueSummary, sliceNames, slicingTestContext } from './slicing-test-context.js';

const R4 = 'http://hl7.org/fhir/StructureDefinition/';
const US_CORE = 'http://hl7.org/fhir/us/core/StructureDefinition/';
const LOINC = 'http://loinc.org';
const CATEGORY = 'http://terminology.hl7.org/CodeSystem/observation-category';
/** Values no diagnostics may repeat: resource content is PHI. */
const SECRET = 'Zq-secret-7';

const category = (code: string, system = CATEGORY) => ({ coding: [{ system, code }] });
const component = (code: string) => ({ code: { coding: [{ system: LOINC, code }] }, valueQuantity: { value: 1 } });

function usCore(version: string, test: Mocha.Context): { pkg: UsCorePackage; context: SlicingContext } {
  const pkg = usCorePackage(version);
  if (!pkg) test.skip();
  return { pkg, context: slicingTestContext(pkg.registry, { memberOf: pkg.memberOf }) };
}

describe('profiling.html#slicing — slices of real profiles', function () {
  this.timeout(30_000);
  const r4 = slicingTestContext(DefinitionRegistry.r4());

  describe('extensibility.html — extension slices by url (value:url)', function () {
    it('US Core 3.1.1 Patient: race, ethnicity, birthsex by the url of the slice’s type profile', function () {
      const { pkg, context } = usCore('3.1.1', this);
      const patient = pkg.example('Patient-example.json') as Patient;
      const extension = element(context.profile(`${US_CORE}us-core-patient`), 'extension');
      const items = [...(patient.extension ?? []), { url: 'http://example.org/other', valueString: SECRET }];
      const assignment = assignSlices(items, extension, context);
      expect(sliceNames(assignment)).to.deep.equal(['race', 'ethnicity', 'birthsex', null]);
      expect(assignment.issues).to.deep.equal([]);
    });

    it('an extension profile that is not loaded: the url comes straight from the slice’s type profile', function () {
      const { context } = usCore('3.1.1', this);
      const extension = element(context.profile(`${US_CORE}us-core-patient`), 'extension');
      const blind = {
        ...context,
        profile: (url: string) => (url.includes('us-core-race') ? undefined : context.profile(url)),
      };
      const race = { url: `${US_CORE}us-core-race`, extension: [] };
      expect(sliceNames(assignSlices([race], extension, blind))).to.deep.equal(['race']);
    });

    it('a complex extension’s parts: min of `text` → required, max 5 of `ombCategory` → structure at the element', function () {
      const { context } = usCore('3.1.1', this);
      const parts = element(context.profile(`${US_CORE}us-core-race`), 'extension');
      const omb = { url: 'ombCategory', valueCoding: { system: 'urn:oid:2.16.840.1.113883.6.238', code: '2106-3' } };
      const assignment = assignSlices([omb, omb, omb, omb, omb, omb, { url: 'detailed' }], parts, context);
      expect(sliceNames(assignment)).to.deep.equal([...Array(6).fill('ombCategory'), 'detailed']);
      expect(issueSummary(assignment)).to.deep.equal(['error structure @-', 'error required @-']);
      expect(assignment.issues[1]?.diagnostics).to.equal(
        "Slice 'text' of Extension.extension needs at least 1 item(s), found 0",
      );
    });
  });

  describe('profiling.html#discriminator — pattern and value on CodeableConcept', function () {
    it('US Core 3.1.1 Observation lab: pattern:$this puts the laboratory category in slice Laboratory', function () {
      const { context } = usCore('3.1.1', this);
      const categories = element(context.profile(`${US_CORE}us-core-observation-lab`), 'category');
      const lab = { coding: [{ system: CATEGORY, code: 'laboratory', display: 'Laboratory' }], text: SECRET };
      const assignment = assignSlices([category('exam'), lab], categories, context);
      expect(sliceNames(assignment)).to.deep.equal([null, 'Laboratory']);
      expect(assignment.issues).to.deep.equal([]);
      expect(issueSummary(assignSlices([category('exam')], categories, context))).to.deep.equal(['error required @-']);
    });

    it('US Core 6.1.0 Observation lab: Observation.category:us-core by its pattern', function () {
      const { context } = usCore('6.1.0', this);
      const categories = element(context.profile(`${US_CORE}us-core-observation-lab`), 'category');
      expect(sliceNames(assignSlices([category('laboratory')], categories, context))).to.deep.equal(['us-core']);
    });

    it('US Core 8.0.0 screening assessment: value:$this by pattern (survey) and by required binding (screening-assessment)', function () {
      const { context } = usCore('8.0.0', this);
      const categories = element(context.profile(`${US_CORE}us-core-observation-screening-assessment`), 'category');
      const sdoh = category('sdoh', 'http://hl7.org/fhir/us/core/CodeSystem/us-core-category');
      const assignment = assignSlices(
        [sdoh, category('survey'), category(SECRET, 'http://example.org')],
        categories,
        context,
      );
      expect(sliceNames(assignment)).to.deep.equal(['screening-assessment', 'survey', null]);
      // The maximum ValueSet excludes `survey` (valueset.html#compose): it matches one slice only.
      expect(assignment.issues).to.deep.equal([]);
    });

    it('a required-binding slice whose ValueSet cannot be expanded: the item’s slice is unknown, no slice is said to be missing', function () {
      const { context } = usCore('8.0.0', this);
      const categories = element(context.profile(`${US_CORE}us-core-observation-clinical-result`), 'category');
      const blind = { ...context, memberOf: () => undefined };
      const assignment = assignSlices([category('imaging')], categories, blind);
      expect(sliceNames(assignment)).to.deep.equal([null]);
      expect(issueSummary(assignment)).to.deep.equal(['warning not-supported @0']);
    });

    it('R4 vitalsigns: category VSCat by the fixed coding.code and coding.system of its descendants', function () {
      const categories = element(r4.profile(`${R4}vitalsigns`), 'category');
      const vital = category('vital-signs');
      const assignment = assignSlices([category('vital-signs', 'http://example.org'), vital], categories, r4);
      expect(sliceNames(assignment)).to.deep.equal([null, 'VSCat']);
    });

    it('R4 bodyweight: code.coding slice BodyWeightCode by value:code + value:system', function () {
      const { pkg, context } = usCore('3.1.1', this);
      const weight = pkg.example('Observation-weight.json') as Observation;
      const coding = element(context.profile(`${R4}bodyweight`), 'code', 'coding');
      const assignment = assignSlices(
        [{ system: 'http://snomed.info/sct', code: '27113001' }, ...(weight.code.coding ?? [])],
        coding,
        context,
      );
      expect(sliceNames(assignment)).to.deep.equal([null, 'BodyWeightCode']);
      expect(assignment.issues).to.deep.equal([]);
    });

    it('R4 bp: component slices told apart through the required slice of their code.coding', function () {
      const components = element(r4.profile(`${R4}bp`), 'component');
      const assignment = assignSlices([component('8462-4'), component('8867-4'), component('8480-6')], components, r4);
      expect(sliceNames(assignment)).to.deep.equal(['DiastolicBP', null, 'SystolicBP']);
      expect(assignment.issues).to.deep.equal([]);
      expect(issueSummary(assignSlices([component('8480-6'), component('8480-6')], components, r4))).to.deep.equal([
        'error structure @-',
        'error required @-',
      ]);
    });

    it('US Core 6.1.0 Provenance.agent: pattern:type on a backbone element', function () {
      const { context } = usCore('6.1.0', this);
      const agents = element(context.profile(`${US_CORE}us-core-provenance`), 'agent');
      const author = { type: category('author', 'http://terminology.hl7.org/CodeSystem/provenance-participant-type') };
      expect(sliceNames(assignSlices([{ type: category('x') }, author], agents, context))).to.deep.equal([
        null,
        'ProvenanceAuthor',
      ]);
    });
  });

  describe('profiling.html#discriminator — type:$this on a choice element (closed)', function () {
    it('R4 bodyweight value[x]: a Quantity is in slice valueQuantity; any other type breaks the closed slicing', function () {
      const value = element(r4.profile(`${R4}bodyweight`), 'value');
      expect(sliceNames(assignSlices([{ value: 70 }], value, r4, 'Quantity'))).to.deep.equal(['valueQuantity']);
      const string = assignSlices([SECRET], value, r4, 'string');
      expect(issueSummary(string)).to.deep.equal(['error structure @0']);
      expect(string.issues[0]?.diagnostics).to.equal('Matches no slice of Observation.value[x] (slicing is closed)');
    });
  });

  describe('profiling.html#discriminator — value:resolve().code, closed and ordered (R4 lipidprofile)', function () {
    const core = slicingTestContext(DefinitionRegistry.r4());
    /** An Observation with the code its profile fixes (exactly, display included) or patterns. */
    const observation = (profile: string) => {
      const code = element(core.profile(`${R4}${profile}`), 'code').definition;
      return { resourceType: 'Observation', code: code.fixedCodeableConcept ?? code.patternCodeableConcept };
    };
    const observations: Record<string, unknown> = {
      'Observation/chol': observation('cholesterol'),
      'Observation/trig': observation('triglyceride'),
      'Observation/hdl': observation('hdlcholesterol'),
      'Observation/other': { resourceType: 'Observation', code: category('1234-5', LOINC) },
    };
    const lipids = slicingTestContext(DefinitionRegistry.r4(), { resolve: (reference) => observations[reference] });
    const result = element(lipids.profile(`${R4}lipidprofile`), 'result');
    const refs = (...ids: string[]) => ids.map((id) => ({ reference: `Observation/${id}` }));

    it('references resolved, the target profiles’ fixed and pattern codes pick the slice', function () {
      const assignment = assignSlices(refs('chol', 'trig', 'hdl'), result, lipids);
      expect(sliceNames(assignment)).to.deep.equal(['Cholesterol', 'Triglyceride', 'HDLCholesterol']);
      expect(assignment.issues).to.deep.equal([]);
    });

    it('items out of slice order → structure error at the item (profiling.html#slicing, ordered)', function () {
      const assignment = assignSlices(refs('trig', 'chol', 'hdl'), result, lipids);
      expect(issueSummary(assignment)).to.deep.equal(['error structure @1']);
      expect(assignment.issues[0]?.diagnostics).to.equal(
        "Slice 'Cholesterol' of DiagnosticReport.result must come before slice 'Triglyceride' (slicing is ordered)",
      );
    });

    it('an unresolvable reference: its slice is unknown (warning), and no slice is said to be missing', function () {
      const assignment = assignSlices(refs('chol', 'gone', 'hdl'), result, lipids);
      expect(sliceNames(assignment)).to.deep.equal(['Cholesterol', null, 'HDLCholesterol']);
      expect(issueSummary(assignment)).to.deep.equal(['warning not-found @1']);
    });

    it('closed: an item in no slice is an error — once the LDL slice’s required ValueSet can say it is not in it', function () {
      const items = refs('chol', 'trig', 'hdl', 'other');
      expect(issueSummary(assignSlices(items, result, lipids))).to.deep.equal(['warning not-supported @3']);
      const known = { ...lipids, memberOf: () => false };
      const assignment = assignSlices(items, result, known);
      expect(issueSummary(assignment)).to.deep.equal(['error structure @3']);
      expect(assignment.issues[0]?.diagnostics).to.equal(
        'Matches no slice of DiagnosticReport.result (slicing is closed)',
      );
    });
  });
});
