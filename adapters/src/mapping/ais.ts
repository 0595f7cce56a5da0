import type { CodeableConcept, Period } from '@medplum/fhirtypes';
import type { Hl7Segment } from '../hl7/segment.js';
import { cweToCodeableConcept } from './cwe.js';
import type { MappingContext } from './mapping-context.js';
import { type ResourceLayout, resourcePeriod } from './resource-timing.js';

const layout: ResourceLayout = { start: 4, offset: 5, duration: 7 };

export interface MappedService {
  readonly serviceType?: CodeableConcept;
  readonly period?: Period;
}

/**
 * AIS (appointment information – service) after the V2-to-FHIR IG segment map AIS → Appointment:
 * AIS-3 universal service identifier → serviceType; AIS-4 start (or the appointment start + AIS-5
 * offset) and AIS-7 duration give the service's period, from which the appointment's start and end
 * are taken when SCH-11/TQ1 do not say them.
 */
export function mapAis(ais: Hl7Segment, ctx: MappingContext, appointmentStart: string | undefined): MappedService {
  const serviceType = cweToCodeableConcept(ais.field(3).repetitions[0]);
  const period = resourcePeriod(ais, layout, ctx, appointmentStart);
  return {
    ...(serviceType === undefined ? {} : { serviceType }),
    ...(period === undefined ? {} : { period }),
  };
}
