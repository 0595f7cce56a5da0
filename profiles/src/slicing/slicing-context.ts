import type { OperationOutcomeIssue } from '@medplum/fhirtypes';
import type { ElementNode, SliceNode } from '../structure/element-node.js';

/** What slice assignment needs from the validation around it (the walker provides it). */
export interface SlicingContext {
  /** The compiled root of a StructureDefinition by canonical url (extension definitions, target profiles). */
  profile(url: string): ElementNode | undefined;
  /** Whether `item` conforms to the profile: the `profile` discriminator (http://hl7.org/fhir/R4/profiling.html#discriminator). */
  conformsTo(item: unknown, profileUrl: string): boolean;
  /** The resource a `Reference.reference` points to, or undefined when it cannot be resolved here. */
  resolve(reference: string): unknown;
  /**
   * Whether a value of this FHIR type (code, Coding, CodeableConcept: any coding) is in the ValueSet,
   * for slices told apart by a required binding; undefined when the ValueSet cannot be expanded here.
   */
  memberOf(value: unknown, type: string, valueSetUrl: string): boolean | undefined;
}

/** One finding of slice assignment; the walker turns `index` into an expression (`Patient.extension[2]`). */
export interface SlicingIssue {
  readonly severity: OperationOutcomeIssue['severity'];
  readonly code: OperationOutcomeIssue['code'];
  /** Names elements, slices, codes of the definition and profile urls, never submitted values. */
  readonly diagnostics: string;
  /** The item the issue is about, or undefined for the sliced element as a whole. */
  readonly index: number | undefined;
}

/** Each item's slice (undefined: in no slice) and what is wrong with the assignment. */
export interface SliceAssignment {
  readonly slices: (SliceNode | undefined)[];
  readonly issues: SlicingIssue[];
}

export function slicingIssue(
  severity: SlicingIssue['severity'],
  code: SlicingIssue['code'],
  diagnostics: string,
  index?: number,
): SlicingIssue {
  return { severity, code, diagnostics, index };
}
