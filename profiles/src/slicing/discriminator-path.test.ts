import { expect } from 'chai';
import { parseDiscriminatorPath } from './discriminator-path.js';

describe('profiling.html#discriminator — discriminator paths', function () {
  it('$this, element names, extension(url), resolve() and ofType(T)', function () {
    expect(parseDiscriminatorPath('$this')).to.deep.equal([]);
    expect(parseDiscriminatorPath('code.coding.system')).to.deep.equal(
      ['code', 'coding', 'system'].map((name) => ({ kind: 'child', name })),
    );
    expect(parseDiscriminatorPath("extension('http://hl7.org/fhir/StructureDefinition/x.y').value")).to.deep.equal([
      { kind: 'extension', url: 'http://hl7.org/fhir/StructureDefinition/x.y' },
      { kind: 'child', name: 'value' },
    ]);
    expect(parseDiscriminatorPath('resolve().code')).to.deep.equal([
      { kind: 'resolve' },
      { kind: 'child', name: 'code' },
    ]);
    expect(parseDiscriminatorPath('value.ofType(Quantity)')).to.deep.equal([
      { kind: 'child', name: 'value' },
      { kind: 'ofType', type: 'Quantity' },
    ]);
    expect(parseDiscriminatorPath('value[x]')).to.deep.equal([{ kind: 'child', name: 'value' }]);
  });

  it('anything else is refused (the spec restricts discriminator FHIRPath)', function () {
    expect(parseDiscriminatorPath('code.where(system = 1)')).to.equal(undefined);
    expect(parseDiscriminatorPath('coding[0].code')).to.equal(undefined);
    expect(parseDiscriminatorPath('')).to.equal(undefined);
  });
});
