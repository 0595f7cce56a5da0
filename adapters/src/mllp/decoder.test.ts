import { expect } from 'chai';
import { MllpDecoder, type MllpEvent } from './decoder.js';
import { encodeMllpFrame } from './frame.js';

const payloads = (events: MllpEvent[]): string[] =>
  events.map((e) => (e.kind === 'frame' ? e.payload.toString('utf8') : '<oversize>'));

describe('MllpDecoder', () => {
  it('reassembles a block fed byte by byte, FS and CR in separate reads', () => {
    const decoder = new MllpDecoder(1024);
    const bytes = encodeMllpFrame('MSH|^~\\&|é');
    const events = [...bytes].flatMap((b) => decoder.push(Buffer.of(b)));
    expect(payloads(events)).to.deep.equal(['MSH|^~\\&|é']);
  });

  it('yields several blocks from one read and discards bytes outside blocks', () => {
    const decoder = new MllpDecoder(1024);
    const chunk = Buffer.concat([
      Buffer.from('noise\r\n'),
      encodeMllpFrame('one'),
      Buffer.from('x'),
      encodeMllpFrame('two'),
    ]);
    expect(payloads(decoder.push(chunk))).to.deep.equal(['one', 'two']);
  });

  it('drops an unfinished block when a new one starts, in one read or across reads', () => {
    const decoder = new MllpDecoder(1024);
    const unfinished = Buffer.concat([Buffer.of(0x0b), Buffer.from('MSH|broken|PID|||P1')]);
    expect(payloads(decoder.push(Buffer.concat([unfinished, encodeMllpFrame('next')])))).to.deep.equal(['next']);
    expect(payloads(decoder.push(unfinished))).to.deep.equal([]);
    expect(payloads(decoder.push(encodeMllpFrame('after')))).to.deep.equal(['after']);
  });

  it('keeps an FS that is not followed by CR as payload', () => {
    expect(payloads(new MllpDecoder(1024).push(Buffer.from('\x0ba\x1cb\x1c\r')))).to.deep.equal(['a\x1cb']);
  });

  it('reports an oversize block once and then ignores the rest', () => {
    const decoder = new MllpDecoder(4);
    expect(payloads(decoder.push(Buffer.from('\x0b12345')))).to.deep.equal(['<oversize>']);
    expect(decoder.push(encodeMllpFrame('ok'))).to.deep.equal([]);
  });
});
