import type { Hl7Message } from '../hl7/message.js';
import type { DerivedKeys } from './derived-keys.js';
import type { MappingContext } from './mapping-context.js';
import type { Subject } from './subject.js';
import type { TransactionBuilder } from './transaction-builder.js';

/** What mapping one order group of a results, order or vaccination message needs. */
export interface OrderScope {
  readonly message: Hl7Message;
  readonly subject: Subject;
  readonly keys: DerivedKeys;
  readonly tx: TransactionBuilder;
  readonly ctx: MappingContext;
}
