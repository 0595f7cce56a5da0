import { buildAck } from '../ack/build-ack.js';
import { buildRejectAck } from '../ack/reject-ack.js';
import type { Hl7Message } from '../hl7/message.js';
import { parseHl7 } from '../hl7/parse.js';
import { Hl7ParseError } from '../hl7/parse-error.js';
import { Hl7DataError } from '../mapping/data-error.js';
import { assertTimeZone } from '../mapping/hl7-datetime.js';
import { mapMessage } from '../mapping/map-message.js';
import type { MappingOptions } from '../mapping/mapping-options.js';
import { Hl7UnsupportedError } from '../mapping/unsupported-error.js';
import { Hl7DeliveryError } from './delivery-error.js';
import type { FhirSink } from './fhir-sink.js';
import { sinkRejection } from './sink-rejection.js';

export interface Hl7ProcessorOptions extends MappingOptions {
  readonly sink: Pick<FhirSink, 'transaction'>;
  /** Clock for ACK timestamps; default `() => new Date()`. */
  readonly now?: () => Date;
}

/** MSH fields without which we cannot even acknowledge properly (v2.5.1 §2.14.9: MSH-9, 10, 11, 12 are required). */
const requiredHeader = [9, 10, 11, 12];

/**
 * One HL7 v2 message in, its ACK out: parse → map → `sink.transaction` → AA (with W warnings, if any).
 * Unparsable input and unsupported types → AR; content that cannot be mapped or that the FHIR server
 * refuses (4xx) → AE with ERR. When the sink is unreachable or fails on its side (5xx, no response), it
 * throws `Hl7DeliveryError` instead of acknowledging, so that a queue retries. Any other error propagates
 * unchanged (a bug); no ACK ever carries a stack trace or message content.
 * The returned function is what `MllpServer` and the HTTP ingest take as their handler.
 */
export function createHl7Processor(options: Hl7ProcessorOptions): (raw: string) => Promise<string> {
  assertTimeZone(options.defaultTimeZone ?? 'UTC');
  const clock = options.now ?? (() => new Date());
  return async (raw) => {
    const ackOptions = { now: clock() };
    let message: Hl7Message;
    try {
      message = parseHl7(raw);
    } catch (error) {
      if (!(error instanceof Hl7ParseError)) throw error;
      return buildRejectAck(raw, { code: error.code, text: error.reason, location: error.location }, ackOptions);
    }
    const msh = message.get('MSH');
    const missing = requiredHeader.find((n) => msh?.field(n).value === undefined);
    if (missing !== undefined) {
      return buildAck(
        message,
        'AR',
        { code: '101', text: `MSH-${missing} is required`, location: `MSH-${missing}` },
        ackOptions,
      );
    }
    let result;
    try {
      result = mapMessage(message, options);
    } catch (error) {
      if (error instanceof Hl7UnsupportedError) return buildAck(message, 'AR', error.issue, ackOptions);
      if (error instanceof Hl7DataError) return buildAck(message, 'AE', error.issue, ackOptions);
      throw error;
    }
    try {
      await options.sink.transaction(result.bundle);
    } catch (error) {
      const rejection = sinkRejection(error);
      if (rejection === undefined) throw new Hl7DeliveryError(msh?.field(10).value, { cause: error });
      return buildAck(message, 'AE', [rejection, ...result.warnings], ackOptions);
    }
    return buildAck(message, 'AA', result.warnings, ackOptions);
  };
}
