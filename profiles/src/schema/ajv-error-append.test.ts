import { Ajv } from 'ajv';
import { expect } from 'chai';
import { appendErrorsInPlace } from './ajv-error-append.js';

describe('operationoutcome.html — errors of many failing items are merged in linear time', function () {
  it("rewrites ajv's error merge of a $ref call, and keeps every error", function () {
    let rewritten = 0;
    const ajv = new Ajv({
      allErrors: true,
      code: {
        process: (code) => {
          const result = appendErrorsInPlace(code);
          rewritten += result.rewritten;
          return result.code;
        },
      },
    });
    const validate = ajv.compile({
      definitions: {
        item: { type: 'object', properties: { system: { enum: ['phone'] } }, additionalProperties: false },
      },
      type: 'array',
      items: { $ref: '#/definitions/item' },
    });
    // ajv inlines small refs; a recursive one stays a call, as the R4 schema's Extension does.
    expect(validate(Array.from({ length: 5 }, () => ({ system: 'x' })))).to.equal(false);
    expect(validate.errors).to.have.length(5);
    const recursive = ajv.compile({
      $id: 'http://example.org/recursive',
      definitions: {
        node: {
          type: 'object',
          properties: { code: { enum: ['a'] }, part: { type: 'array', items: { $ref: '#/definitions/node' } } },
        },
      },
      $ref: '#/definitions/node',
    });
    expect(recursive({ code: 'x', part: [{ code: 'y' }, { code: 'z', part: [{ code: 'w' }] }] })).to.equal(false);
    expect(recursive.errors?.map((e) => e.instancePath)).to.deep.equal([
      '/code',
      '/part/0/code',
      '/part/1/code',
      '/part/1/part/0/code',
    ]);
    expect(rewritten).to.be.greaterThan(0);
  });
});
