import { OperationOutcomeError } from '../errors/outcome-error.js';
import type { Logger } from '../interactions/engine-context.js';
import { withoutMessage } from '../logging/json-logger.js';

/** The ER7 (pipe-and-hat) media type of HL7 v2 over HTTP; `text/plain` is taken too. */
export const HL7_ER7 = 'x-application/hl7-v2+er7';
const MEDIA_TYPES = [HL7_ER7, 'text/plain'];

/**
 * What the HL7 v2 receiver does with the bytes of one message or batch: its ACK(s), as bytes (in the
 * message's character set) or text; undefined when none is to be sent (enhanced mode, MSH-15 NE).
 */
export type Hl7Receive = (
  payload: Buffer,
  sender: { transport: 'http'; address?: string },
) => Promise<Uint8Array | string | undefined>;

export interface Hl7HttpAnswer {
  /** The request's media type: the ACK comes back in the form the message came in. */
  readonly mediaType: string;
  /** Undefined: no ACK (answered 204). */
  readonly body?: Buffer | string;
}

/**
 * `POST /hl7v2/messages`, Koa-free: one message or a batch in the body, the ACK (or the batch ACK)
 * in the answer, 200 whatever the ACK code (204 when MSH-15 asks for none) — the HL7 answer is the ACK, HTTP only says it was
 * delivered. HTTP-level faults are OperationOutcomes: 415 for another media type, 400 for an empty
 * body, 503 when the message could not be stored (the sender sends it again, as after an AR 207 on
 * MLLP). The charset is MSH-18's business (the receiver decodes by it), not Content-Type's.
 */
export class Hl7HttpIngest {
  constructor(
    private readonly receive: Hl7Receive,
    private readonly logger: Logger,
  ) {}

  /** The bare media type of a request body it takes; 415 otherwise. */
  mediaType(contentType: string): string {
    const bare = contentType.split(';')[0]?.trim().toLowerCase() ?? '';
    if (MEDIA_TYPES.includes(bare)) return bare;
    throw OperationOutcomeError.of(
      'not-supported',
      `Send HL7 v2 messages as ${MEDIA_TYPES.join(' or ')}`,
      'Content-Type',
      415,
    );
  }

  async answer(mediaType: string, payload: Buffer, address?: string): Promise<Hl7HttpAnswer> {
    if (payload.toString('latin1').trim() === '')
      throw OperationOutcomeError.of('required', 'The body holds no HL7 v2 message');
    let body: Uint8Array | string | undefined;
    try {
      body = await this.receive(
        payload,
        address === undefined ? { transport: 'http' } : { transport: 'http', address },
      );
    } catch (error) {
      this.logger.error('HL7v2 message over HTTP not received', { error: withoutMessage(error) });
      throw OperationOutcomeError.of('transient', 'The message could not be stored now; send it again later');
    }
    if (body === undefined) return { mediaType };
    return {
      mediaType,
      body: typeof body === 'string' ? body : Buffer.from(body.buffer, body.byteOffset, body.byteLength),
    };
  }
}
