import type { Hl7Message } from '../hl7/message.js';
import { DerivedKeys } from './derived-keys.js';
import type { MappingContext } from './mapping-context.js';
import type { MappingResult } from './mapping-result.js';
import type { OrderScope } from './order-scope.js';
import { addPatientObservations } from './patient-observations.js';
import { orderGroups, type OrderGroup } from './segment-groups.js';
import { requireSubject } from './subject.js';
import { TransactionBuilder } from './transaction-builder.js';

/**
 * The frame of ORU, ORM/OML and VXU: the Patient and Encounter (`subject.ts`), the patient-level OBX
 * before the first order (`patient-observations.ts`), then `addOrder` for each order group
 * (`segment-groups.ts`), all into one transaction.
 */
export function mapOrders(
  message: Hl7Message,
  ctx: MappingContext,
  addOrder: (order: OrderGroup, scope: OrderScope) => void,
): MappingResult {
  const tx = new TransactionBuilder(ctx);
  const subject = requireSubject(message, ctx, tx);
  const { patientObservations, orders } = orderGroups(message);
  const scope: OrderScope = { message, subject, keys: new DerivedKeys(ctx), tx, ctx };
  addPatientObservations(patientObservations, scope);
  for (const order of orders) addOrder(order, scope);
  return tx.build();
}
