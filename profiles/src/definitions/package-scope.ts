import type { ElementDefinition, StructureDefinition, ValueSet, ValueSetComposeInclude } from '@medplum/fhirtypes';
import type { ConformanceResource } from './conformance-resource.js';

/** Canonical url → the version a package (or one of its dependencies) defines it in. */
export type PackageScope = ReadonlyMap<string, string>;

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
 * the newest one. References outside the scope still resolve globally (newest version).
 */
export function pinnedToScope(resource: ConformanceResource, scope: PackageScope): ConformanceResource {
  const pin = (canonical: string): string =>
    canonical.includes('|') || !scope.has(canonical) ? canonical : `${canonical}|${scope.get(canonical) ?? ''}`;
  if (resource.resourceType === 'StructureDefinition') return pinStructureDefinition(resource, pin);
  if (resource.resourceType === 'ValueSet') return pinValueSet(resource, pin);
  return resource;
}

type Pin = (canonical: string) => string;

function pinStructureDefinition(sd: StructureDefinition & { url: string }, pin: Pin): ConformanceResource {
  const elements = (list: ElementDefinition[] | undefined): ElementDefinition[] | undefined =>
    list?.map((element) => pinElement(element, pin));
  return {
    ...sd,
    ...(sd.baseDefinition ? { baseDefinition: pin(sd.baseDefinition) } : {}),
    ...(sd.snapshot ? { snapshot: { ...sd.snapshot, element: elements(sd.snapshot.element) ?? [] } } : {}),
    ...(sd.differential
      ? { differential: { ...sd.differential, element: elements(sd.differential.element) ?? [] } }
      : {}),
  };
}

function pinElement(element: ElementDefinition, pin: Pin): ElementDefinition {
  const valueSet = element.binding?.valueSet;
  return {
    ...element,
    ...(element.type
      ? {
          type: element.type.map((type) => ({
            ...type,
            ...(type.profile ? { profile: type.profile.map(pin) } : {}),
            ...(type.targetProfile ? { targetProfile: type.targetProfile.map(pin) } : {}),
          })),
        }
      : {}),
    ...(element.binding && valueSet ? { binding: { ...element.binding, valueSet: pin(valueSet) } } : {}),
  };
}

function pinValueSet(valueSet: ValueSet & { url: string }, pin: Pin): ConformanceResource {
  const compose = valueSet.compose;
  if (!compose) return valueSet;
  const includes = (list: ValueSetComposeInclude[] | undefined): ValueSetComposeInclude[] | undefined =>
    list?.map((include) => (include.valueSet ? { ...include, valueSet: include.valueSet.map(pin) } : include));
  return {
    ...valueSet,
    compose: {
      ...compose,
      include: includes(compose.include) ?? [],
      ...(compose.exclude ? { exclude: includes(compose.exclude) } : {}),
    },
  };
}
