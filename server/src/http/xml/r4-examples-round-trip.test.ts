import { expect } from 'chai';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { isDeepStrictEqual } from 'node:util';
import { sharedDataFolder } from '../../api/shared-data.js';
import { elementTable } from '../../definitions/element-table.js';
import { jsonToXml } from './json-to-xml.js';
import { xmlToJson } from './xml-to-json.js';

/**
 * Every official R4 example (hl7.fhir.r4.examples 4.0.1) goes JSON → XML → JSON unchanged.
 * None is an exception: decimals come back as the same JSON numbers (their lexical form, e.g. a
 * trailing zero, is already gone once JSON.parse has read the example), narratives byte for byte.
 */
describe('xml.html / json.html — the official R4 examples round-trip JSON → XML → JSON', function () {
  let folder: string | undefined;
  before(function () {
    this.timeout(30_000);
    folder = sharedDataFolder('fhir-r4-examples');
    if (!folder) this.skip();
    elementTable();
  });

  it('all 716 come back equal to the original', function () {
    this.timeout(120_000);
    const dir = folder ?? '';
    const files = readdirSync(dir).filter((file) => file.endsWith('.json') && file !== '_index.json');
    const differing: string[] = [];
    for (const file of files) {
      const original: unknown = JSON.parse(readFileSync(join(dir, file), 'utf8'));
      const xml = jsonToXml(original);
      expect(xml, file).to.match(/^<\?xml version="1.0" encoding="UTF-8"\?><[A-Z]\w+ xmlns="http:\/\/hl7.org\/fhir">/);
      if (!isDeepStrictEqual(xmlToJson(xml, 256), original)) differing.push(file);
    }
    expect(files).to.have.length(716);
    expect(differing).to.deep.equal([]);
  });
});
