import type { OperationOutcomeIssue } from '@medplum/fhirtypes';
import { isJsonObject } from '../schema/is-json-object.js';
import { error } from './definition-issue.js';

const STRINGS = ['id', 'path', 'sliceName', 'contentReference', 'max'] as const;
const OBJECT_LISTS = ['type', 'constraint', 'mapping', 'extension'] as const;
const OBJECTS = ['slicing', 'binding', 'base'] as const;

/**
 * The first property of an ElementDefinition (http://hl7.org/fhir/R4/elementdefinition.html) that
 * snapshot generation and the walker read and that has the wrong JSON shape: a resource posted to
 * the server or shipped in a package is input, and must give an issue rather than a crash.
 */
export function elementShapeIssues(element: Record<string, unknown>, expression: string): OperationOutcomeIssue[] {
  const wrong = (name: string, what: string): OperationOutcomeIssue[] => [
    error('structure', `ElementDefinition.${name} must be ${what}`, `${expression}.${name}`),
  ];
  if (typeof element.path !== 'string' || element.path === '') {
    return [error('required', 'An element needs a path', `${expression}.path`)];
  }
  for (const name of STRINGS) if (!optional(element[name], isString)) return wrong(name, 'a string');
  if (!optional(element.min, isCount)) return wrong('min', 'a non-negative integer');
  for (const name of OBJECTS) if (!optional(element[name], isJsonObject)) return wrong(name, 'an object');
  for (const name of OBJECT_LISTS)
    if (!optional(element[name], listOf(isJsonObject))) return wrong(name, 'a list of objects');
  if (!optional(element.condition, listOf(isString))) return wrong('condition', 'a list of strings');
  const types = Array.isArray(element.type) ? element.type.filter(isJsonObject) : [];
  const badType = types.findIndex(
    (t) => !isString(t.code) || !optional(t.profile, listOf(isString)) || !optional(t.targetProfile, listOf(isString)),
  );
  return badType < 0 ? [] : wrong(`type[${badType}]`, 'a code with lists of profile urls');
}

function optional(value: unknown, test: (value: unknown) => boolean): boolean {
  return value === undefined || test(value);
}

function isString(value: unknown): boolean {
  return typeof value === 'string';
}

function isCount(value: unknown): boolean {
  return typeof value === 'number' && Number.isInteger(value) && value >= 0;
}

function listOf(test: (value: unknown) => boolean): (value: unknown) => boolean {
  return (value) => Array.isArray(value) && value.every(test);
}
