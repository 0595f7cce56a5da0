import type { Attachment } from '@medplum/fhirtypes';
import type { Hl7Message } from '../hl7/message.js';
import { edToAttachment, rpToAttachment } from './ed.js';
import type { MappingContext } from './mapping-context.js';
import { textOf } from './text.js';

/** Value types whose OBX-5 is the document's text (TX, FT; ST and CF as senders use them for lines). */
const textTypes = new Set(['TX', 'FT', 'ST', 'CF']);

const textPlain = 'text/plain; charset=utf-8';

/**
 * The document body of an MDM message's OBX segments → DocumentReference.content.attachment (V2-to-FHIR
 * IG segment map OBX → DocumentReference, datatype map ED → Attachment). Text (TX/FT, each OBX-5
 * repetition and each OBX a line, escapes and `\.br\` decoded) becomes one UTF-8 text/plain attachment:
 * one document sent as many lines is one body. Each ED value (`ed.ts`) becomes its own attachment, each RP
 * one with its pointer as `url`. Other value types are not document content: left out with a warning.
 */
export function mapDocumentContent(message: Hl7Message, ctx: MappingContext): Attachment[] {
  const lines: string[] = [];
  const attachments: Attachment[] = [];
  message.all('OBX').forEach((obx, index) => {
    const type = obx.field(2).value?.toUpperCase();
    const values = obx.field(5).repetitions;
    if (type !== undefined && textTypes.has(type)) lines.push(...values.map((rep) => textOf(rep, ctx) ?? ''));
    else if (type === 'ED') attachments.push(...values.flatMap((rep) => edToAttachment(rep, ctx) ?? []));
    else if (type === 'RP') attachments.push(...values.flatMap((rep) => rpToAttachment(rep) ?? []));
    else ctx.warn(`OBX[${index + 1}]-2`, 'value type is not document content; left out', '102');
  });
  const body = Buffer.from(lines.join('\n'), 'utf8').toString('base64');
  return [...(lines.length === 0 ? [] : [{ contentType: textPlain, data: body }]), ...attachments];
}
