import { adtMapper } from './adt.js';
import { dftMapper } from './dft.js';
import { mdmMapper } from './mdm.js';
import type { MessageMapper } from './message-mapper.js';
import { omlMapper } from './oml.js';
import { ormMapper } from './orm.js';
import { oruMapper } from './oru.js';
import { siuMapper } from './siu.js';
import { vxuMapper } from './vxu.js';

/** Every message family NexusHealth maps; `mapMessage` picks by MSH-9.1 and the trigger. */
export const mappers: readonly MessageMapper[] = [
  adtMapper,
  siuMapper,
  mdmMapper,
  dftMapper,
  oruMapper,
  ormMapper,
  omlMapper,
  vxuMapper,
];
