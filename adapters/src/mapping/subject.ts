import type { Encounter, Patient, Reference } from '@medplum/fhirtypes';
import type { Hl7Message } from '../hl7/message.js';
import { Hl7DataError } from './data-error.js';
import type { MappingContext } from './mapping-context.js';
import { mapPatientContext } from './patient-context.js';
import type { TransactionBuilder } from './transaction-builder.js';

/** References to the Patient and Encounter of a results, order or vaccination message. */
export interface Subject {
  readonly patient: Reference<Patient>;
  readonly encounter?: Reference<Encounter> | undefined;
}

/**
 * The Patient and Encounter as every non-ADT message records them (`patient-context.ts`: the Patient a
 * conditional update on PID-3, the Encounter a conditional create by PV1-19). A result, order or
 * vaccination is about a patient (ServiceRequest.subject and Immunization.patient are 1..1): no PID is
 * an AE.
 */
export function requireSubject(message: Hl7Message, ctx: MappingContext, tx: TransactionBuilder): Subject {
  const { patient, encounter } = mapPatientContext(message, ctx, tx);
  if (patient === undefined) {
    throw new Hl7DataError({ code: '100', text: 'the message has no PID segment', location: 'PID' });
  }
  return {
    patient: { reference: patient },
    ...(encounter === undefined ? {} : { encounter: { reference: encounter } }),
  };
}
