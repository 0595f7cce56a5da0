import type { Immunization } from '@medplum/fhirtypes';
import type { Hl7Segment } from '../hl7/segment.js';
import { cweInTable } from './cwe.js';

/**
 * RXR → Immunization route and site (V2-to-FHIR IG segment map RXR[Immunization]): RXR-1 route (table
 * 0162 when no coding system is sent), RXR-2 administration site (table 0163). The first RXR of the order.
 */
export function rxrElements(rxr: Hl7Segment | undefined): Pick<Immunization, 'route' | 'site'> {
  const route = cweInTable(rxr?.field(1).repetitions[0], '0162');
  const site = cweInTable(rxr?.field(2).repetitions[0], '0163');
  return { ...(site === undefined ? {} : { site }), ...(route === undefined ? {} : { route }) };
}
