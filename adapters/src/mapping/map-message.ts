import type { Hl7Message } from '../hl7/message.js';
import { withoutControlCharacters } from './control-characters.js';
import { Hl7DataError } from './data-error.js';
import { MappingContext } from './mapping-context.js';
import type { MappingOptions } from './mapping-options.js';
import type { MappingResult } from './mapping-result.js';
import { mappers } from './mappers.js';
import { Hl7UnsupportedError } from './unsupported-error.js';

/**
 * Chooses the mapper from MSH-9 (message code ^ trigger event ^ structure). The trigger decides, not the
 * structure: A04 and A08 travel in the ADT_A01 structure (v2.5.1 §3.3). Anything else is an
 * `Hl7UnsupportedError`, which becomes an AR (200 unsupported message type / 201 unsupported event).
 */
export function mapMessage(message: Hl7Message, options: MappingOptions = {}): MappingResult {
  const msh9 = message.get('MSH')?.field(9);
  const code = msh9?.component(1);
  const trigger = msh9?.component(2);
  if (code === undefined)
    throw new Hl7DataError({ code: '101', text: 'MSH-9 message type is missing', location: 'MSH-9' });
  const family = mappers.filter((m) => m.messageCode === code);
  if (family.length === 0) {
    throw new Hl7UnsupportedError({ code: '200', text: `message type ${code} is not supported`, location: 'MSH-9.1' });
  }
  const mapper = family.find((m) => trigger !== undefined && m.triggers.includes(trigger));
  if (mapper === undefined || trigger === undefined) {
    throw new Hl7UnsupportedError({
      code: '201',
      text: `event ${trigger ?? '(none)'} is not supported`,
      location: 'MSH-9.2',
    });
  }
  const cleaned = withoutControlCharacters(message);
  const source = cleaned?.message ?? message;
  const result = withinEntryLimit(mapper.map(source, trigger, new MappingContext(source, options)), message);
  return cleaned === undefined ? result : { ...result, warnings: [...cleaned.issues, ...result.warnings] };
}

/**
 * The server takes at most 10,000 entries per Bundle and the pipeline adds its Provenance and AuditEvent:
 * a bigger message (20,000 AL1) is an AE 100 at the segment that repeats most, not a refusal of the
 * whole transaction read as an internal error (207).
 */
const maxEntries = 9_990;

function withinEntryLimit(result: MappingResult, message: Hl7Message): MappingResult {
  if ((result.bundle.entry?.length ?? 0) <= maxEntries) return result;
  const counts = new Map<string, number>();
  for (const segment of message.segments) counts.set(segment.name, (counts.get(segment.name) ?? 0) + 1);
  const [location = 'MSH'] = [...counts.entries()].sort((a, b) => b[1] - a[1]).map(([name]) => name);
  throw new Hl7DataError({
    code: '100',
    text: `the message maps to more than ${maxEntries} resources, more than one transaction may carry`,
    location,
  });
}
