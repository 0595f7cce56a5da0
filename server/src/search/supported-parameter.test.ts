import { describe, it } from 'mocha';
import { expect } from 'chai';
import { SearchParameterRegistry } from '@nexushealth/conformance';
import { parseSearchRequest } from './parse-search-request.js';
import { isSupportedSearchParameter } from './supported-parameter.js';

const registry = SearchParameterRegistry.loadBase();
const supported = (type: string) =>
  registry
    .forResource(type)
    .filter(isSupportedSearchParameter)
    .map((p) => p.code);

describe('isSupportedSearchParameter', () => {
  it('keeps the indexed types and the record/meta parameters (search.html#all)', () => {
    expect(supported('Observation')).to.include.members([
      '_id',
      '_lastUpdated',
      '_tag',
      '_profile',
      '_security',
      '_source',
      'code',
      'subject',
      'date',
      'value-quantity',
    ]);
  });

  it('leaves out composite, special and the parameters not implemented yet', () => {
    const codes = supported('Observation');
    for (const code of [
      '_text',
      '_content',
      '_query',
      '_list',
      '_filter',
      'code-value-quantity',
      'combo-code-value-quantity',
    ]) {
      expect(codes, code).not.to.include(code);
    }
    expect(supported('Location')).not.to.include('near');
  });

  it('agrees with search: every supported parameter is applied, none reported unknown', () => {
    for (const type of ['Patient', 'Observation', 'Encounter', 'Location']) {
      const params = supported(type).map((code): [string, string] => [`${code}:missing`, 'true']);
      const query = parseSearchRequest(type, params, registry);
      expect(query.unknownParams, type).to.deep.equal([]);
      expect(query.applied, type).to.deep.equal(params);
    }
  });
});
