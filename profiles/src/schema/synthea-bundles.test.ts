import { expect } from 'chai';
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { isJsonObject } from './is-json-object.js';
import { readJsonFile } from '../test-support/read-json-file.js';
import { sharedDataFolder } from '../test-support/shared-data.js';
import { SchemaValidator } from './schema-validator.js';

/**
 * Entries that are wrong in the input, not in the schema. Inferno's patient 355 has a blood-pressure
 * Observation whose effectivePeriod says `stop`; Period has only `start` and `end`
 * (https://hl7.org/fhir/R4/datatypes.html#Period).
 */
const KNOWN_INVALID: Readonly<Record<string, string[]>> = {
  'synthea-inferno-uscore/uscore_bundle_patient_355.json#266': ['structure Observation.effectivePeriod.stop'],
};

const FOLDERS = ['synthea-hiv-bundles', 'synthea-inferno-uscore'];

describe('Synthea bundles against the R4 JSON schema', function () {
  before(function () {
    this.timeout(30_000);
    SchemaValidator.shared();
  });

  for (const name of FOLDERS) {
    it(`${name}: every entry and every whole bundle`, function () {
      this.timeout(60_000);
      const folder = sharedDataFolder(name);
      if (!folder) this.skip();
      const failing: Record<string, string[]> = {};
      let entries = 0;
      for (const file of readdirSync(folder).filter((f) => f.endsWith('.json'))) {
        const bundle = readJsonFile(join(folder, file));
        const list = isJsonObject(bundle) && Array.isArray(bundle.entry) ? bundle.entry : [];
        list.forEach((entry: unknown, index) => {
          entries += 1;
          const issues = SchemaValidator.shared().validate(isJsonObject(entry) ? entry.resource : entry);
          if (issues.length > 0) {
            failing[`${name}/${file}#${index}`] = issues.map((i) => `${i.code} ${i.expression?.join(',') ?? ''}`);
          }
        });
        // The whole bundle fails exactly where its entries do.
        const wholeFails = SchemaValidator.shared().validate(bundle).length > 0;
        expect(wholeFails, file).to.equal(Object.keys(failing).some((key) => key.startsWith(`${name}/${file}#`)));
      }
      expect(entries).to.be.greaterThan(700);
      const expected = Object.fromEntries(Object.entries(KNOWN_INVALID).filter(([key]) => key.startsWith(`${name}/`)));
      expect(failing).to.deep.equal(expected);
    });
  }
});
