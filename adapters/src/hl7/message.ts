import type { Hl7Delimiters } from './delimiters.js';
import { groupSegments, type Hl7Group } from './group.js';
import type { Hl7Segment } from './segment.js';

/** A parsed HL7 v2 message: its segments in order and the delimiters its MSH declared. */
export class Hl7Message {
  constructor(
    readonly segments: readonly Hl7Segment[],
    readonly delimiters: Hl7Delimiters,
  ) {}

  /** Segments by id, in message order: built in one pass on first use, since mappers look up many ids. */
  private byName: Map<string, Hl7Segment[]> | undefined;

  /** The first segment with that id. */
  get(segmentName: string): Hl7Segment | undefined {
    return this.named(segmentName)?.[0];
  }

  /** Every segment with that id, in message order. */
  all(segmentName: string): Hl7Segment[] {
    return this.named(segmentName)?.slice() ?? [];
  }

  private named(segmentName: string): readonly Hl7Segment[] | undefined {
    if (this.byName === undefined) {
      this.byName = new Map();
      for (const segment of this.segments) {
        const same = this.byName.get(segment.name);
        if (same === undefined) this.byName.set(segment.name, [segment]);
        else same.push(segment);
      }
    }
    return this.byName.get(segmentName);
  }

  /**
   * The run of segments right after `segment` whose ids are in `names` (e.g. the NTEs after a PID, the
   * ZPIs after a PID); it stops at the first other segment. An unknown segment gives none.
   */
  segmentsAfter(segment: Hl7Segment, names: readonly string[]): Hl7Segment[] {
    const index = this.segments.indexOf(segment);
    if (index < 0) return [];
    const end = this.segments.findIndex((s, i) => i > index && !names.includes(s.name));
    return this.segments.slice(index + 1, end < 0 ? this.segments.length : end);
  }

  /**
   * Segment groups (v2.5.1 §2.5.2): `message.groups('OBR', ['TQ1', 'OBX', 'NTE'])` for ORU_R01's
   * ORDER_OBSERVATION, then `group.groups('OBX', ['NTE'])` for its OBSERVATIONs. See `groupSegments`.
   */
  groups(start: string, members: readonly string[]): Hl7Group[] {
    return groupSegments(this.segments, start, members);
  }
}
