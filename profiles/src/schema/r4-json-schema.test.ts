import { expect } from 'chai';
import { join } from 'node:path';
import { isJsonObject } from './is-json-object.js';
import { loadR4JsonSchema } from './r4-json-schema.js';
import { readJsonFile } from '../test-support/read-json-file.js';
import { sharedDataFolder } from '../test-support/shared-data.js';

interface ElementShape {
  readonly path: string;
  readonly types: readonly string[];
}

interface TypeShape {
  readonly type: string;
  readonly kind: string;
  readonly abstract: boolean;
  readonly elements: readonly ElementShape[];
}

/** The spec's own StructureDefinitions (specializations only) from a definitions Bundle. */
function specTypes(bundle: unknown): TypeShape[] {
  const entries = isJsonObject(bundle) && Array.isArray(bundle.entry) ? bundle.entry : [];
  return entries.flatMap((entry: unknown) => {
    const sd = isJsonObject(entry) ? entry.resource : undefined;
    if (!isJsonObject(sd) || sd.resourceType !== 'StructureDefinition' || sd.derivation !== 'specialization') return [];
    const snapshot = isJsonObject(sd.snapshot) && Array.isArray(sd.snapshot.element) ? sd.snapshot.element : [];
    const elements = snapshot.filter(isJsonObject).map((el) => ({
      path: String(el.path),
      types: Array.isArray(el.type) ? el.type.filter(isJsonObject).map((t) => String(t.code)) : [],
    }));
    return [{ type: String(sd.type), kind: String(sd.kind), abstract: sd.abstract === true, elements }];
  });
}

/** JSON property names of an SD's top-level elements, choice types expanded (https://hl7.org/fhir/R4/formats.html#choice). */
function jsonNames(shape: TypeShape): string[] {
  const names = shape.kind === 'resource' ? ['resourceType'] : [];
  for (const { path, types } of shape.elements) {
    const [, name, deeper] = path.split('.');
    if (name === undefined || deeper !== undefined) continue;
    if (!name.endsWith('[x]')) names.push(name);
    else for (const type of types) names.push(name.slice(0, -3) + type.charAt(0).toUpperCase() + type.slice(1));
  }
  return names.sort();
}

function patternsIn(node: unknown): string[] {
  if (Array.isArray(node)) return node.flatMap(patternsIn);
  if (!isJsonObject(node)) return [];
  const own = typeof node.pattern === 'string' ? [node.pattern] : [];
  return [...own, ...Object.values(node).flatMap(patternsIn)];
}

describe('loadR4JsonSchema', function () {
  const { schema, resourceTypes } = loadR4JsonSchema();
  const definitions: Record<string, unknown> = isJsonObject(schema.definitions) ? schema.definitions : {};

  it('keeps no Medplum definitions and no ECMAScript-only whitespace escapes', function () {
    expect(definitions).to.not.have.any.keys('Project', 'Bot', 'ClientApplication', 'ProjectSetting', 'integer64');
    // '^[\\s\\S]+$' (any character) is the rewritten string pattern; nothing else may use \s or \S.
    const escapes = patternsIn(definitions).filter((p) => /\\[sS]/.test(p) && p !== '^[\\s\\S]+$');
    expect(escapes).to.deep.equal([]);
  });

  describe('matches the spec StructureDefinitions', function () {
    let spec: TypeShape[] = [];
    before(function () {
      const folder = sharedDataFolder('fhir-r4-definitions');
      if (!folder) this.skip();
      spec = [
        ...specTypes(readJsonFile(join(folder, 'profiles-resources.json.gz'))),
        ...specTypes(readJsonFile(join(folder, 'profiles-types.json'))),
      ];
    });

    it('has exactly the concrete R4 resource types', function () {
      const concrete = spec.filter((s) => s.kind === 'resource' && !s.abstract).map((s) => s.type);
      expect([...resourceTypes].sort()).to.deep.equal(concrete.sort());
    });

    it('gives every resource and complex type exactly the spec elements', function () {
      const mismatched: Record<string, { schema: string[]; spec: string[] }> = {};
      for (const shape of spec.filter((s) => s.kind === 'resource' || s.kind === 'complex-type')) {
        const definition = definitions[shape.type];
        if (!isJsonObject(definition) || !isJsonObject(definition.properties)) continue;
        const names = Object.keys(definition.properties)
          .filter((n) => !n.startsWith('_'))
          .sort();
        if (names.join() !== jsonNames(shape).join())
          mismatched[shape.type] = { schema: names, spec: jsonNames(shape) };
      }
      expect(mismatched).to.deep.equal({});
    });
  });
});
