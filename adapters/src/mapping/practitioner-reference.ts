import type { Practitioner, Reference } from '@medplum/fhirtypes';
import type { Hl7Repetition } from '../hl7/repetition.js';
import type { MappingContext } from './mapping-context.js';
import type { TransactionBuilder } from './transaction-builder.js';
import { xcnToPerson } from './xcn.js';

/**
 * XCN → Reference(Practitioner) (V2-to-FHIR IG datatype map XCN → Practitioner). With an XCN.1 id the
 * Practitioner is a conditional create on that identifier (a message names a doctor, it does not curate
 * the practitioner directory, so an existing record is never overwritten) and the reference is its
 * fullUrl; with a name only, the reference is just its display. Undefined when the XCN is empty.
 */
export function practitionerReference(
  xcn: Hl7Repetition | undefined,
  ctx: MappingContext,
  tx: TransactionBuilder,
): Reference<Practitioner> | undefined {
  const person = xcnToPerson(xcn, ctx);
  if (person === undefined) return undefined;
  const display = person.display === undefined ? {} : { display: person.display };
  if (person.identifier === undefined) return display;
  const practitioner: Practitioner = {
    resourceType: 'Practitioner',
    identifier: [person.identifier],
    ...(person.name === undefined ? {} : { name: [person.name] }),
  };
  return { reference: tx.createIfMissing(practitioner, person.identifier), ...display };
}
