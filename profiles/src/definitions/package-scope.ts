import type {
  ElementDefinition,
  ElementDefinitionType,
  StructureDefinition,
  ValueSet,
  ValueSetComposeInclude,
} from '@medplum/fhirtypes';
import { isJsonObject } from '../schema/is-json-object.js';
import type { ConformanceResource } from './conformance-resource.js';

/** Canonical url → the version a package (or one of its dependencies) defines it in. */
/** Canonical url → the version a package (or one of its dependencies) defines it in. */
type PackageScope = ReadonlyMap<string, string>;

/** url → version of the resources of one package that have a version. */
export function packageScope(resources: readonly ConformanceResource[]): Map<string, string> {
  return new Map(
    resources.flatMap((resource) => (resource.version ? [[resource.url, resource.version] as const] : [])),
  );
}

/**
 * A package's resources with each unversioned reference to a definition of the package itself (or
 * of a loaded dependency) pinned to that definition's version (`url|version`,
 * http://hl7.org/fhir/R4/references.html#canonical): a package is built and validated against its
 * own contents and dependencies (https://confluence.hl7.org/display/FHIR/NPM+Package+Specification),
 * so with US Core 3.1.1 and 8.0.0 loaded, 3.1.1's Patient keeps 3.1.1's race extension instead of
 * the newest one. References outside the scope still resolve globally (newest version). A package
 * is input: values of the wrong JSON shape are left as they are, for the shape check to report.
 */
export function pinnedToScope(resource: ConformanceResource, scope: PackageScope): ConformanceResource {
  const pin = (canonical: string): string =>
    typeof canonical !== 'string' || canonical.includes('|') || !scope.has(canonical)
      ? canonical
      : `${canonical}|${scope.get(canonical) ?? ''}`;
  if (resource.resourceType === 'StructureDefinition') return pinStructureDefinition(resource, pin);
  if (resource.resourceType === 'ValueSet') return pinValueSet(resource, pin);
  return resource;
}

type Pin = (canonical: string) => string;

function pinStructureDefinition(sd: StructureDefinition & { url: string }, pin: Pin): ConformanceResource {
  const component = <C extends { element: ElementDefinition[] }>(c: C): C =>
    isJsonObject(c) ? { ...c, element: eachObject(c.element, (element) => pinElement(element, pin)) ?? [] } : c;
  return {
    ...sd,
    ...(sd.baseDefinition ? { baseDefinition: pin(sd.baseDefinition) } : {}),
    ...(sd.snapshot ? { snapshot: component(sd.snapshot) } : {}),
    ...(sd.differential ? { differential: component(sd.differential) } : {}),
  };
}

function pinElement(element: ElementDefinition, pin: Pin): ElementDefinition {
  const binding = element.binding;
  return {
    ...element,
    ...(element.type ? { type: eachObject(element.type, (type) => pinType(type, pin)) } : {}),
    ...(isJsonObject(binding) && binding.valueSet ? { binding: { ...binding, valueSet: pin(binding.valueSet) } } : {}),
  };
}

function pinType(type: ElementDefinitionType, pin: Pin): ElementDefinitionType {
  return {
    ...type,
    ...(type.profile ? { profile: pinAll(type.profile, pin) } : {}),
    ...(type.targetProfile ? { targetProfile: pinAll(type.targetProfile, pin) } : {}),
  };
}

function pinValueSet(valueSet: ValueSet & { url: string }, pin: Pin): ConformanceResource {
  const compose = valueSet.compose;
  if (!isJsonObject(compose)) return valueSet;
  const includes = (list: ValueSetComposeInclude[] | undefined): ValueSetComposeInclude[] | undefined =>
    eachObject(list, (include) =>
      include.valueSet ? { ...include, valueSet: pinAll(include.valueSet, pin) } : include,
    );
  return {
    ...valueSet,
    compose: {
      ...compose,
      include: includes(compose.include) ?? [],
      ...(compose.exclude ? { exclude: includes(compose.exclude) } : {}),
    },
  };
}

/** The list with each of its objects mapped; a list that is none, and items that are no object, stay. */
function eachObject<T>(list: T[] | undefined, map: (item: T) => T): T[] | undefined {
  return Array.isArray(list) ? list.map((item) => (isJsonObject(item) ? map(item) : item)) : list;
}

/** Each canonical of a list pinned (`pin` leaves what is no string); a list that is none stays. */
function pinAll(list: string[], pin: Pin): string[] {
  return Array.isArray(list) ? list.map(pin) : list;
}
