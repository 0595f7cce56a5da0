import type { ChargeItem, Money } from '@medplum/fhirtypes';
import type { Hl7Message } from '../hl7/message.js';
import type { Hl7Segment } from '../hl7/segment.js';
import type { IdentifierKey } from './conditional-url.js';
import { cweToCodeableConcept } from './cwe.js';
import { cxToIdentifier } from './cx.js';
import type { MappingContext } from './mapping-context.js';
import { practitionerReference } from './practitioner-reference.js';
import type { TransactionBuilder } from './transaction-builder.js';
import { hl7Code } from './hl7-code.js';

/**
 * HL7 table 0017 transaction types that are charges: CG a charge, CD a credit (a reversal, recorded as a
 * charge of negative quantity and amount, so that an account's ChargeItems add up to what was posted).
 * Payments (PY), adjustments (AJ) and co-payments (CO) are not ChargeItems.
 */
const charges: Readonly<Record<string, 1 | -1>> = { CG: 1, CD: -1 };

export interface MappedCharge {
  readonly chargeItem: ChargeItem;
  readonly key: IdentifierKey;
}

/** What an FT1 charge refers to: the Patient and Encounter fullUrls of the same transaction. */
export interface ChargeContext {
  readonly patient: string;
  readonly encounter?: string;
}

/**
 * FT1 → ChargeItem. The V2-to-FHIR IG has no FT1 (or DFT) map, so this follows R4's own ChargeItem
 * mappings (https://hl7.org/fhir/R4/chargeitem-mappings.html, "FT1"): FT1-2 transaction id → identifier,
 * FT1-7 transaction code (else FT1-25 procedure code) → code, FT1-4 → occurrence, FT1-5 posting date →
 * enteredDate, FT1-10 → quantity, FT1-11 extended amount → priceOverride, FT1-19 → reason, FT1-20 →
 * performer, FT1-24 → enterer, FT1-29 NDC → product, the NTE that follow → note; status billable.
 * Undefined (with a warning) for a transaction that is not a charge or has no code.
 */
export function mapFt1(
  ft1: Hl7Segment,
  message: Hl7Message,
  context: ChargeContext,
  ctx: MappingContext,
  tx: TransactionBuilder,
): MappedCharge | undefined {
  const n = ft1.field(1).value ?? String(message.all('FT1').indexOf(ft1) + 1);
  const sign = charges[hl7Code(ft1.field(6).value)?.toUpperCase() ?? ''];
  if (sign === undefined) {
    ctx.warn(`FT1[${n}]-6`, 'transaction type is not a charge or credit (table 0017); not recorded', '103');
    return undefined;
  }
  const code = cweToCodeableConcept(ft1.field(7).repetitions[0]) ?? cweToCodeableConcept(ft1.field(25).repetitions[0]);
  if (code === undefined) {
    ctx.warn(`FT1[${n}]-7`, 'no transaction or procedure code (FT1-7, FT1-25); charge not recorded', '101');
    return undefined;
  }
  const key = transactionId(ft1, message, n, ctx);
  const performer = ft1
    .field(20)
    .repetitions.flatMap((rep) => practitionerReference(rep, ctx, tx) ?? [])
    .map((actor) => ({ actor }));
  const enterer = practitionerReference(ft1.field(24).repetitions[0], ctx, tx);
  const reason = ft1.field(19).repetitions.flatMap((rep) => cweToCodeableConcept(rep) ?? []);
  const product = cweToCodeableConcept(ft1.field(29).repetitions[0], 'http://hl7.org/fhir/sid/ndc');
  const quantity = number(ft1.field(10).value);
  const price = money(ft1, 11, sign, `FT1[${n}]-11`, ctx);
  const enteredDate = ctx.dateTime(ft1.field(5).repetitions[0], `FT1[${n}]-5`);
  const note = notes(ft1, message);
  const chargeItem: ChargeItem = {
    resourceType: 'ChargeItem',
    identifier: [key],
    status: 'billable',
    code,
    subject: { reference: context.patient },
    ...(context.encounter === undefined ? {} : { context: { reference: context.encounter } }),
    ...occurrence(ft1, n, ctx),
    ...(performer.length === 0 ? {} : { performer }),
    ...(quantity === undefined ? {} : { quantity: { value: sign * quantity } }),
    ...(price === undefined ? {} : { priceOverride: price }),
    ...(enterer === undefined ? {} : { enterer }),
    ...(enteredDate === undefined ? {} : { enteredDate }),
    ...(reason.length === 0 ? {} : { reason }),
    ...(product === undefined ? {} : { productCodeableConcept: product }),
    ...(note.length === 0 ? {} : { note }),
  };
  return { chargeItem, key };
}

/**
 * FT1-2 (ST, a CX from v2.6) with the sending facility as authority. Without one, the charge is keyed on
 * the message control id and FT1-1 under its own system: a redelivery of the message finds its charges
 * again, and no other sender's transaction ids can collide with them.
 */
function transactionId(ft1: Hl7Segment, message: Hl7Message, n: string, ctx: MappingContext): IdentifierKey {
  const sent = ft1.field(2).repetitions[0];
  const id = sent === undefined ? undefined : cxToIdentifier(sent, ctx);
  if (id?.system !== undefined && id.value !== undefined) return { system: id.system, value: id.value };
  ctx.warn(`FT1[${n}]-2`, 'no transaction id: the charge is keyed on MSH-10 and FT1-1', '101');
  const facility = encodeURIComponent(ctx.sendingFacility ?? 'unknown');
  const control = message.get('MSH')?.field(10).value ?? '';
  return { system: `urn:nexushealth:hl7v2:ft1:${facility}`, value: `${control}-${n}` };
}

/** FT1-4 transaction date (DR: range start ^ range end) → occurrenceDateTime, or occurrencePeriod for a range. */
function occurrence(
  ft1: Hl7Segment,
  n: string,
  ctx: MappingContext,
): Pick<ChargeItem, 'occurrenceDateTime' | 'occurrencePeriod'> {
  const field = ft1.field(4);
  const start = ctx.dateTimeOf(field.component(1), `FT1[${n}]-4.1`);
  const end = ctx.dateTimeOf(field.component(2), `FT1[${n}]-4.2`);
  if (end !== undefined) return { occurrencePeriod: { ...(start === undefined ? {} : { start }), end } };
  return start === undefined ? {} : { occurrenceDateTime: start };
}

function number(value: string | undefined): number | undefined {
  return value !== undefined && /^[+-]?\d+(\.\d+)?$/.test(value.trim()) ? Number(value) : undefined;
}

/**
 * A CP amount (CP.1 price: MO.1 quantity & MO.2 denomination) as Money, signed like the transaction.
 * Money.currency is bound (required) to ISO 4217: a denomination that is not three capitals is left out.
 */
function money(ft1: Hl7Segment, n: number, sign: 1 | -1, location: string, ctx: MappingContext): Money | undefined {
  const value = number(ft1.field(n).component(1, 1));
  if (value === undefined) return undefined;
  const denomination = ft1.field(n).component(1, 2)?.toUpperCase();
  const iso = denomination !== undefined && /^[A-Z]{3}$/.test(denomination);
  if (denomination !== undefined && !iso) ctx.warn(location, 'currency is not an ISO 4217 code; left out', '103');
  return { value: sign * value, ...(iso ? { currency: denomination as Money['currency'] } : {}) };
}

/** The NTE segments right after the FT1 (DFT_P03 FINANCIAL group: FT1 [{NTE}]). */
function notes(ft1: Hl7Segment, message: Hl7Message): NonNullable<ChargeItem['note']> {
  const segments = message.segments;
  const texts: string[] = [];
  for (let i = segments.indexOf(ft1) + 1; i > 0 && segments[i]?.name === 'NTE'; i += 1) {
    const text = segments[i]?.field(3).value;
    if (text !== undefined) texts.push(text);
  }
  return texts.map((text) => ({ text }));
}
