import type { MessageMapper } from './message-mapper.js';
import { mapOrderMessage } from './order-message.js';

/**
 * OML^O21 (laboratory order, V2-to-FHIR IG message map OML_O21) → ServiceRequest + Specimen
 * (`order-message.ts`). O33/O35 (specimen-first and container-first structures) are not mapped (AR 201).
 */
export const omlMapper: MessageMapper = {
  messageCode: 'OML',
  triggers: ['O21'],
  map: (message, _trigger, ctx) => mapOrderMessage(message, ctx),
};
