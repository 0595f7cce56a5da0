import type { Attachment } from '@medplum/fhirtypes';
import type { Hl7Repetition } from '../hl7/repetition.js';
import type { MappingContext } from './mapping-context.js';

/** HL7 table 0191 (type of referenced data) → the MIME top-level type its subtype goes under. */
const mimeTypes: Readonly<Record<string, string>> = {
  AP: 'application',
  APPLICATION: 'application',
  AU: 'audio',
  AUDIO: 'audio',
  IM: 'image',
  IMAGE: 'image',
  NS: 'application',
  SD: 'application',
  SI: 'application',
  TEXT: 'text',
  TX: 'text',
  VIDEO: 'video',
  MULTIPART: 'multipart',
};

/** The subtype when it is already a MIME type, else `<type of ED.2>/<subtype>` (AP^PDF → application/pdf). */
function contentType(type: string | undefined, subtype: string | undefined): string | undefined {
  if (subtype?.includes('/')) return subtype.toLowerCase();
  const top = mimeTypes[type?.toUpperCase() ?? ''];
  if (top === 'text' && subtype === undefined) return 'text/plain';
  return top === undefined || subtype === undefined ? undefined : `${top}/${subtype.toLowerCase()}`;
}

/**
 * ED (encapsulated data: ED.1 source application ^ ED.2 type of data ^ ED.3 subtype ^ ED.4 encoding ^
 * ED.5 data) → Attachment (V2-to-FHIR IG datatype map ED[Attachment]): `data` is base64 whatever the
 * encoding was (Base64 as sent, less whitespace; Hex and A (ASCII text) converted), `contentType` the
 * MIME type ED.2/ED.3 spell, else `application/octet-stream` (att-1: data needs a content type; RFC 2046
 * §4.5.1 for bytes of unknown kind). No data, or data that does not decode, is a warning and no attachment.
 */
export function edToAttachment(ed: Hl7Repetition, ctx: MappingContext): Attachment | undefined {
  const data = base64Data(ed.component(5), ed.component(4));
  if (data === undefined) {
    ctx.warn('OBX-5', 'ED value without data in a known encoding (Base64, Hex, A); left out', '102');
    return undefined;
  }
  return { contentType: contentType(ed.component(2), ed.component(3)) ?? 'application/octet-stream', data };
}

function base64Data(data: string | undefined, encoding: string | undefined): string | undefined {
  if (data === undefined) return undefined;
  switch (encoding?.toUpperCase()) {
    case 'BASE64': {
      const compact = data.replace(/\s+/g, '');
      return /^[A-Za-z0-9+/]*={0,2}$/.test(compact) && compact.length % 4 === 0 ? compact : undefined;
    }
    case 'HEX':
      return /^([0-9A-Fa-f]{2})+$/.test(data) ? Buffer.from(data, 'hex').toString('base64') : undefined;
    case 'A':
      return Buffer.from(data, 'utf8').toString('base64');
    default:
      return undefined;
  }
}

/**
 * RP (reference pointer: RP.1 pointer ^ RP.2 application id ^ RP.3 type of data ^ RP.4 subtype) →
 * Attachment with the pointer as `url` (V2-to-FHIR IG OBX[Observation], OBX-2 RP). Undefined without RP.1.
 */
export function rpToAttachment(rp: Hl7Repetition): Attachment | undefined {
  const url = rp.component(1);
  if (url === undefined) return undefined;
  const type = contentType(rp.component(3), rp.component(4));
  return { ...(type === undefined ? {} : { contentType: type }), url };
}
