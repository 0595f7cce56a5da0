import type { MessageMapper } from './message-mapper.js';
import { mapOrderMessage } from './order-message.js';

/** ORM^O01 (general order, v2.3–v2.5; OML replaced it for lab orders) → ServiceRequest (`order-message.ts`). */
export const ormMapper: MessageMapper = {
  messageCode: 'ORM',
  triggers: ['O01'],
  map: (message, _trigger, ctx) => mapOrderMessage(message, ctx),
};
