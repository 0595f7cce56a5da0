import type { Hl7Delimiters } from './delimiters.js';
import type { Hl7Segment } from './segment.js';

/** A parsed HL7 v2 message: its segments in order and the delimiters its MSH declared. */
export class Hl7Message {
  constructor(
    readonly segments: readonly Hl7Segment[],
    readonly delimiters: Hl7Delimiters,
  ) {}

  /** The first segment with that id. */
  get(segmentName: string): Hl7Segment | undefined {
    return this.segments.find((s) => s.name === segmentName);
  }

  /** Every segment with that id, in message order. */
  all(segmentName: string): Hl7Segment[] {
    return this.segments.filter((s) => s.name === segmentName);
  }
}
