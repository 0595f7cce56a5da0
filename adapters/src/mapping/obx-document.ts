import type { Attachment } from '@medplum/fhirtypes';
import { unescapeHl7 } from '../hl7/escape.js';
import type { Hl7Message } from '../hl7/message.js';
import type { Hl7Repetition } from '../hl7/repetition.js';
import type { Hl7Segment } from '../hl7/segment.js';
import type { MappingContext } from './mapping-context.js';

/** Value types whose OBX-5 is the document's text (TX, FT; ST and CF as senders use them for lines). */
const textTypes = new Set(['TX', 'FT', 'ST', 'CF']);

/** ED.2 type of data (table 0191) → the MIME top-level type ED.3 (subtype) goes under. */
const mimeTypes: Readonly<Record<string, string>> = {
  AP: 'application',
  IM: 'image',
  AU: 'audio',
  TEXT: 'text',
  TX: 'text',
  NS: 'application',
  SI: 'application',
  SD: 'application',
};

const textPlain = 'text/plain; charset=utf-8';

/**
 * The document body of an MDM message's OBX segments → DocumentReference.content.attachment (V2-to-FHIR
 * IG segment map OBX → DocumentReference, datatype map ED → Attachment). Text (TX/FT, each OBX-5
 * repetition and each OBX a line, escapes and `\.br\` decoded) becomes one UTF-8 text/plain attachment:
 * one document sent as many lines is one body. Each ED value becomes its own attachment, with ED.2/ED.3
 * as content type and ED.5 as data (Base64 as sent, Hex and ASCII re-encoded). Other value types are
 * not document content and are left out with a warning.
 */
export function mapDocumentContent(message: Hl7Message, ctx: MappingContext): Attachment[] {
  const lines: string[] = [];
  const attachments: Attachment[] = [];
  message.all('OBX').forEach((obx, index) => {
    const type = obx.field(2).value?.toUpperCase();
    const location = `OBX[${index + 1}]-5`;
    if (type !== undefined && textTypes.has(type)) lines.push(...textLines(obx, message));
    else if (type === 'ED')
      attachments.push(...obx.field(5).repetitions.flatMap((rep) => edAttachment(rep, ctx, location)));
    else ctx.warn(`OBX[${index + 1}]-2`, 'value type is not document content; left out', '102');
  });
  const text: Attachment[] =
    lines.length === 0
      ? []
      : [{ contentType: textPlain, data: Buffer.from(lines.join('\n'), 'utf8').toString('base64') }];
  return [...text, ...attachments];
}

/** The whole repetition decoded, components included: a stray `^` in text is text, not structure. */
function textLines(obx: Hl7Segment, message: Hl7Message): string[] {
  return obx.field(5).repetitions.map((rep) => unescapeHl7(rep.raw, message.delimiters));
}

function edAttachment(ed: Hl7Repetition, ctx: MappingContext, location: string): Attachment[] {
  const data = ed.component(5);
  if (data === undefined) {
    ctx.warn(location, 'ED value without data (ED.5); left out', '101');
    return [];
  }
  const base64 = toBase64(data, ed.component(4)?.toUpperCase());
  if (base64 === undefined) {
    ctx.warn(location, 'ED data is not valid for its encoding (ED.4); left out', '102');
    return [];
  }
  // att-1: data needs a content type; bytes of unknown kind are application/octet-stream (RFC 2046 §4.5.1).
  const contentType = edContentType(ed.component(2)?.toUpperCase(), ed.component(3)) ?? 'application/octet-stream';
  return [{ contentType, data: base64 }];
}

/** ED.4 encoding (table 0299): Base64 as sent (whitespace removed), Hex decoded, A (ASCII) as text. */
function toBase64(data: string, encoding: string | undefined): string | undefined {
  if (encoding === 'BASE64') {
    const compact = data.replace(/\s+/g, '');
    return /^[A-Za-z0-9+/]*={0,2}$/.test(compact) && compact.length % 4 === 0 ? compact : undefined;
  }
  if (encoding === 'HEX') {
    return /^([0-9A-Fa-f]{2})*$/.test(data) ? Buffer.from(data, 'hex').toString('base64') : undefined;
  }
  return Buffer.from(data, 'utf8').toString('base64');
}

/** `ED.3` when it is already a MIME type, else `<type of ED.2>/<ED.3>` (AP^PDF → application/pdf). */
function edContentType(typeOfData: string | undefined, subtype: string | undefined): string | undefined {
  if (subtype?.includes('/')) return subtype.toLowerCase();
  const main = typeOfData === undefined ? undefined : mimeTypes[typeOfData];
  if (main === 'text' && subtype === undefined) return textPlain;
  if (main === undefined || subtype === undefined) return undefined;
  return `${main}/${subtype.toLowerCase()}`;
}
