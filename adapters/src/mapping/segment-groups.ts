import type { Hl7Message } from '../hl7/message.js';
import type { Hl7Segment } from '../hl7/segment.js';

/** An OBX with the NTE segments after it (the OBSERVATION group of ORU_R01, OML_O21, VXU_V04). */
export interface ObservationGroup {
  readonly obx: Hl7Segment;
  readonly notes: readonly Hl7Segment[];
}

/** An SPM with the OBX segments after it (the SPECIMEN group of ORU_R01 and OML_O21). */
export interface SpecimenGroup {
  readonly spm: Hl7Segment;
  readonly observations: readonly ObservationGroup[];
}

/**
 * One order: ORC and/or OBR (ORU_R01 ORDER_OBSERVATION, ORM_O01 ORDER, OML_O21 ORDER) or ORC and RXA
 * (VXU_V04 ORDER), the NTE right after them, their OBX and SPM groups, and RXR.
 */
export interface OrderGroup {
  readonly orc?: Hl7Segment;
  readonly obr?: Hl7Segment;
  readonly rxa?: Hl7Segment;
  /** The first TQ1 of the order (timing/quantity: TQ1-9 priority). */
  readonly tq1?: Hl7Segment;
  readonly rxr: readonly Hl7Segment[];
  readonly notes: readonly Hl7Segment[];
  readonly observations: readonly ObservationGroup[];
  readonly specimens: readonly SpecimenGroup[];
}

export interface MessageGroups {
  /** OBX before the first order (ORU_R01 PATIENT_OBSERVATION, VXU_V04 PERSON_OBSERVATION). */
  readonly patientObservations: readonly ObservationGroup[];
  readonly orders: readonly OrderGroup[];
}

interface OpenOrder {
  orc?: Hl7Segment;
  obr?: Hl7Segment;
  rxa?: Hl7Segment;
  tq1?: Hl7Segment;
  rxr: Hl7Segment[];
  notes: Hl7Segment[];
  observations: ObservationGroup[];
  specimens: { spm: Hl7Segment; observations: ObservationGroup[] }[];
}

/**
 * The order groups of a results, order or vaccination message, read from segment order alone
 * (v2.5.1 §4.4 ORM_O01, §7.3.1 ORU_R01, §4.4.6 OML_O21, §4.17.1 VXU_V04): an ORC opens an order; an
 * OBR or RXA joins the open order when it has none yet, else opens its own; an OBX belongs to the last
 * SPM of the order when there is one, else to the order; an NTE annotates the OBX before it, else the
 * order; the first TQ1 is kept. Segments the mappings do not use (PRT, CTD, DG1, FT1, …) are passed over and do not end
 * a group. A PID ends the patient's notes (NTE after PID, patient-level, are not mapped).
 */
export function orderGroups(message: Hl7Message): MessageGroups {
  const patientObservations: ObservationGroup[] = [];
  const orders: OpenOrder[] = [];
  let order: OpenOrder | undefined;
  let specimen: OpenOrder['specimens'][number] | undefined;
  let notes: Hl7Segment[] | undefined;
  const open = (first: Partial<OpenOrder>): OpenOrder => {
    const opened: OpenOrder = { rxr: [], notes: [], observations: [], specimens: [], ...first };
    orders.push(opened);
    specimen = undefined;
    notes = opened.notes;
    return opened;
  };
  for (const segment of message.segments) {
    switch (segment.name) {
      case 'PID':
        notes = undefined;
        break;
      case 'ORC':
        order = open({ orc: segment });
        break;
      case 'OBR':
      case 'RXA': {
        const slot = segment.name === 'OBR' ? 'obr' : 'rxa';
        if (order?.orc !== undefined && order.obr === undefined && order.rxa === undefined) {
          order[slot] = segment;
          notes = order.notes;
        } else order = open({ [slot]: segment });
        break;
      }
      case 'RXR':
        order?.rxr.push(segment);
        break;
      case 'TQ1':
        if (order !== undefined) order.tq1 ??= segment;
        break;
      case 'SPM':
        if (order !== undefined) {
          specimen = { spm: segment, observations: [] };
          order.specimens.push(specimen);
        }
        notes = undefined;
        break;
      case 'OBX': {
        const observation = { obx: segment, notes: [] as Hl7Segment[] };
        (specimen?.observations ?? order?.observations ?? patientObservations).push(observation);
        notes = observation.notes;
        break;
      }
      case 'NTE':
        notes?.push(segment);
        break;
    }
  }
  return { patientObservations, orders };
}
