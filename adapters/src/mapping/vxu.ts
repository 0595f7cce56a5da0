import type { Hl7Message } from '../hl7/message.js';
import { cxKeyedList } from './cx.js';
import type { IdentifierKey } from './conditional-url.js';
import { derivedKey } from './derived-keys.js';
import type { MappingContext } from './mapping-context.js';
import type { MessageMapper } from './message-mapper.js';
import { addObservations } from './observation-entries.js';
import { orderNumbers } from './order-numbers.js';
import { mapRxa } from './rxa.js';
import { mapOrders } from './order-frame.js';
import type { OrderScope } from './order-scope.js';
import type { OrderGroup } from './segment-groups.js';

/**
 * One ORDER of a VXU^V04 (V2-to-FHIR IG message map VXU_V04): ORC + RXA + RXR → an Immunization as a
 * conditional update, its OBX → Observations `partOf` it (the IG's simple option; funding and VIS
 * observations stay Observations).
 */
function addImmunization(order: OrderGroup, scope: OrderScope): void {
  const { message, subject, tx, ctx } = scope;
  const { orc, rxa } = order;
  if (rxa === undefined) {
    ctx.warn('RXA', 'an order without RXA carries no administration; not recorded', '100');
    return;
  }
  const numbers = orderNumbers(orc, undefined, ctx);
  const key =
    numbers.filler ?? numbers.placer ?? administrationKey(message, rxa.field(5).component(1), rxa.field(3).value, ctx);
  const links = { patient: subject.patient, encounter: subject.encounter };
  const immunization = mapRxa(orc, rxa, order.rxr[0], numbers, links, ctx, tx);
  const reference = tx.put(
    numbers.identifiers.length === 0 ? { ...immunization, identifier: [key] } : immunization,
    key,
  );
  const observationLinks = { subject: subject.patient, encounter: subject.encounter, partOf: { reference } };
  addObservations(order.observations, key, 'OBX', observationLinks, scope);
}

/**
 * An RXA without ORC numbers (ORC is optional before v2.5): the administration is known by patient,
 * vaccine and time (`derivedKey('immunization', [PID-3 key, RXA-5, RXA-3])`), with a warning.
 */
function administrationKey(
  message: Hl7Message,
  vaccine: string | undefined,
  time: string | undefined,
  ctx: MappingContext,
): IdentifierKey {
  ctx.warn(
    'ORC-3',
    'no filler or placer order number: the immunization is matched by patient, vaccine and time',
    '101',
  );
  const pid = message.get('PID');
  const patient = pid === undefined ? undefined : cxKeyedList(pid.field(3), ctx, 'PID-3').key;
  return derivedKey('immunization', [patient?.system ?? '', patient?.value ?? '', vaccine ?? '', time ?? '']);
}

/** VXU^V04 → transaction Bundle: the subject and person observations, then each order (`addImmunization`). */
export const vxuMapper: MessageMapper = {
  messageCode: 'VXU',
  triggers: ['V04'],
  map: (message, _trigger, ctx) => mapOrders(message, ctx, addImmunization),
};
