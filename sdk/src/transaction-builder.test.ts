import { expect } from 'chai';
import { TransactionBuilder } from './transaction-builder.js';

describe('TransactionBuilder', () => {
  it('builds entries with relative request URLs in order', () => {
    const bundle = new TransactionBuilder('transaction')
      .create({ resourceType: 'Patient' }, { fullUrl: 'urn:uuid:1', ifNoneExist: 'identifier=x|1' })
      .update({ resourceType: 'Patient', id: 'p1' }, { ifMatch: '3' })
      .conditionalUpdate({ resourceType: 'Patient' }, { identifier: 'x|2' })
      .delete('Observation', 'o1')
      .build();
    expect(bundle.type).to.equal('transaction');
    expect(bundle.entry?.map((e) => e.request)).to.deep.equal([
      { method: 'POST', url: 'Patient', ifNoneExist: 'identifier=x|1' },
      { method: 'PUT', url: 'Patient/p1', ifMatch: 'W/"3"' },
      { method: 'PUT', url: 'Patient?identifier=x%7C2' },
      { method: 'DELETE', url: 'Observation/o1' },
    ]);
    expect(bundle.entry?.[0]?.fullUrl).to.equal('urn:uuid:1');
    expect(bundle.entry?.[3]).to.not.have.property('resource');
  });

  it('makes batches too and refuses an update without id', () => {
    const builder = new TransactionBuilder('batch');
    expect(builder.build()).to.deep.equal({ resourceType: 'Bundle', type: 'batch', entry: [] });
    expect(() => builder.update({ resourceType: 'Patient' })).to.throw(TypeError);
  });
});
