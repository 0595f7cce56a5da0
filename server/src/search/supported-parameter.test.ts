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

  it('leaves out special and the parameters not implemented yet', () => {
    const codes = supported('Observation');
    for (const code of ['_text', '_content', '_query', '_list', '_filter']) {
      expect(codes, code).not.to.include(code);
    }
    expect(supported('Location')).not.to.include('near');
  });

  it('keeps every R4 composite: a token first component, indexed types after it (search.html#composite)', () => {
    expect(supported('Observation')).to.include.members(['code-value-quantity', 'combo-code-value-concept']);
    expect(supported('MolecularSequence')).to.include('chromosome-variant-coordinate');
    const composites = registry
      .resourceTypes()
      .flatMap((type) => registry.forResource(type))
      .filter((p) => p.type === 'composite');
    expect(composites.filter((p) => !isSupportedSearchParameter(p)).map((p) => p.url)).to.deep.equal([]);
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
