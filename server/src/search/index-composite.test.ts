import { describe, it } from 'mocha';
import { expect } from 'chai';
import type { MolecularSequence, Observation } from '@medplum/fhirtypes';
import { SearchParameterRegistry } from '@nexushealth/conformance';
import { compositeKey } from './composite-key.js';
import { extractIndex } from './extract-index.js';

const registry = SearchParameterRegistry.loadBase();

describe('search.html#composite — index shape', () => {
  it('keys the other components by every token form of the first, per element', () => {
    const observation: Observation = {
      resourceType: 'Observation',
      status: 'final',
      code: { coding: [{ system: 'http://loinc.org', code: '85354-9' }] },
      component: [
        {
          code: { coding: [{ system: 'http://loinc.org', code: '8480-6' }] },
          valueQuantity: { value: 120, code: 'mm' },
        },
        { code: { coding: [{ code: '8462-4' }] }, valueQuantity: { value: 80 } },
      ],
    };
    const index = extractIndex(observation, registry).idx['component-code-value-quantity'];
    expect(index).to.deep.equal({
      '8480-6': [{ c1: { v: 120, u: ['mm', '|mm'] } }],
      [compositeKey('http://loinc.org|8480-6')]: [{ c1: { v: 120, u: ['mm', '|mm'] } }],
      [compositeKey('http://loinc.org|')]: [{ c1: { v: 120, u: ['mm', '|mm'] } }],
      '8462-4': [{ c1: { v: 80, u: [] } }],
      [compositeKey('|8462-4')]: [{ c1: { v: 80, u: [] } }],
    });
    // The resource's own code has no value: nothing to pair it with.
    expect(extractIndex(observation, registry).idx).not.to.have.property('code-value-quantity');
  });

  it('takes %resource components from the resource and several components as c1, c2', () => {
    const sequence: MolecularSequence = {
      resourceType: 'MolecularSequence',
      coordinateSystem: 0,
      referenceSeq: { chromosome: { coding: [{ system: 'urn:chr', code: '7' }] }, windowStart: 1, windowEnd: 9 },
      variant: [
        { start: 3, end: 4 },
        { start: 6, end: 8 },
      ],
    };
    const index = extractIndex(sequence, registry).idx['chromosome-variant-coordinate'];
    expect(index)
      .to.have.property(compositeKey('urn:chr|7'))
      .that.deep.equals([
        { c1: 3, c2: 4 },
        { c1: 6, c2: 8 },
      ]);
  });

  it('encodes keys so that no code becomes a path step, an operator or __proto__', () => {
    for (const form of ['a.b', '$where', '__proto__', 'http://x.org|1']) {
      expect(compositeKey(form), form).to.match(/^[A-Za-z0-9%\-!~*'()]+$/);
      expect(decodeURIComponent(compositeKey(form))).to.equal(form);
    }
  });
});
