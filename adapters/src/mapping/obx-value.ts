import type { Attachment, Extension } from '@medplum/fhirtypes';
import type { Hl7Repetition } from '../hl7/repetition.js';
import { cweToCodeableConcept } from './cwe.js';
import { edToAttachment, rpToAttachment } from './ed.js';
import type { MappingContext } from './mapping-context.js';
import { hl7Number, type ObservationValue } from './observation-value.js';
import { snValue } from './sn.js';
import { textOf } from './text.js';
import { unitsQuantity, type Hl7Units } from './units.js';
import { hl7Code } from './hl7-code.js';

/** The text types: their repetitions are lines of one value (v2.5.1 §7.4.2.5). */
export const textTypes: ReadonlySet<string> = new Set(['ST', 'TX', 'FT']);

type Reader = (rep: Hl7Repetition, units: Hl7Units | undefined, ctx: MappingContext) => ObservationValue | undefined;

/**
 * R4 Observation.value[x] has no Attachment; the R5 element travels in its cross-version extension
 * (https://hl7.org/fhir/R4/versions.html#extensions), as the V2-to-FHIR IG does for OBX-2 ED and RP.
 */
const attachmentValue = (attachment: Attachment | undefined): ObservationValue | undefined =>
  attachment === undefined
    ? undefined
    : {
        extension: [
          {
            url: 'http://hl7.org/fhir/5.0/StructureDefinition/extension-Observation.value',
            valueAttachment: attachment,
          },
        ] satisfies Extension[],
      };

const dateTime = (text: string | undefined, ctx: MappingContext): string | undefined => ctx.dateTimeOf(text, 'OBX-5');

/** NM, with a leading comparator (`<5`) read as Quantity.comparator; other text is kept as valueString. */
const numeric: Reader = (rep, units, ctx) => {
  const text = rep.value;
  if (text === undefined) return undefined;
  const m = /^\s*(<=|>=|<|>)?\s*(.*)$/.exec(text);
  const value = hl7Number(m?.[2]);
  if (value === undefined) {
    ctx.warn('OBX-5', 'NM value is not a number; kept as text', '102');
    return { valueString: text };
  }
  const comparator = m?.[1] as '<' | '<=' | '>' | '>=' | undefined;
  return { valueQuantity: { ...(comparator === undefined ? {} : { comparator }), ...unitsQuantity(value, units) } };
};

const dtm: Reader = (rep, _units, ctx) => {
  const valueDateTime = dateTime(rep.value, ctx);
  return valueDateTime === undefined ? undefined : { valueDateTime };
};

/** IS and ID: a code of a table the message does not name. */
const tableCode: Reader = (rep) => {
  const code = hl7Code(rep.value);
  return code === undefined ? undefined : { valueCodeableConcept: { coding: [{ code }] } };
};

const coded: Reader = (rep) => {
  const valueCodeableConcept = cweToCodeableConcept(rep);
  return valueCodeableConcept === undefined ? undefined : { valueCodeableConcept };
};

/** TM (`HH[MM[SS[.S…]]][±ZZZZ]`) → FHIR time `HH:MM:SS`; the offset has no place in FHIR time. */
const time: Reader = (rep, _units, ctx) => {
  const m = /^([01]\d|2[0-3])([0-5]\d)?([0-5]\d(?:\.\d{1,4})?)?([+-]\d{4})?$/.exec(rep.value ?? '');
  if (m === null) {
    if (rep.value !== undefined) ctx.warn('OBX-5', 'not a valid HL7 time; left out');
    return undefined;
  }
  return { valueTime: `${m[1]}:${m[2] ?? '00'}:${m[3] ?? '00'}` };
};

/**
 * OBX-5 readers by OBX-2 value type, after the V2-to-FHIR IG segment map OBX[Observation]. The text
 * types (ST, TX, FT) are read by the caller, which joins their repetitions.
 */
const readers: Readonly<Record<string, Reader>> = {
  NM: numeric,
  SN: snValue,
  CE: coded,
  CWE: coded,
  CNE: coded,
  CF: coded,
  IS: tableCode,
  ID: tableCode,
  DT: (rep, _units, ctx) => {
    const valueDateTime = ctx.date(rep, 'OBX-5');
    return valueDateTime === undefined ? undefined : { valueDateTime };
  },
  DTM: dtm,
  TS: dtm,
  TM: time,
  NR: (rep, units) => {
    const low = hl7Number(rep.component(1));
    const high = hl7Number(rep.component(2));
    if (low === undefined && high === undefined) return undefined;
    return {
      valueRange: {
        ...(low === undefined ? {} : { low: unitsQuantity(low, units) }),
        ...(high === undefined ? {} : { high: unitsQuantity(high, units) }),
      },
    };
  },
  DR: (rep, _units, ctx) => {
    const start = dateTime(rep.component(1), ctx);
    const end = dateTime(rep.component(2), ctx);
    if (start === undefined && end === undefined) return undefined;
    return { valuePeriod: { ...(start === undefined ? {} : { start }), ...(end === undefined ? {} : { end }) } };
  },
  ED: (rep, _units, ctx) => attachmentValue(edToAttachment(rep, ctx)),
  RP: (rep) => attachmentValue(rpToAttachment(rep)),
};

/**
 * One OBX-5 repetition as an Observation value. A value type with no FHIR mapping here (OBX-2 CP, MA,
 * NA, EI, …, or a type the sender made up) is a warning and no value: the message itself is kept in
 * the inbox and linked by the Provenance, so nothing is lost.
 */
export function obxValue(
  type: string | undefined,
  rep: Hl7Repetition,
  units: Hl7Units | undefined,
  ctx: MappingContext,
): ObservationValue | undefined {
  if (type !== undefined && textTypes.has(type)) {
    const valueString = textOf(rep, ctx);
    return valueString === undefined ? undefined : { valueString };
  }
  const reader = readers[type ?? ''];
  if (reader === undefined) {
    ctx.warn('OBX-2', 'value type not mapped (or missing); the value was left out', '102');
    return undefined;
  }
  return reader(rep, units, ctx);
}
