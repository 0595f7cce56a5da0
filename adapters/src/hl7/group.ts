import type { Hl7Segment } from './segment.js';

/**
 * A segment group of an abstract message syntax (v2.5.1 §2.5.2, e.g. ORU_R01's OBSERVATION = OBX {NTE}):
 * the segment that opens it and the member segments that follow it. Groups nest: `group.groups('OBX',
 * ['NTE'])` inside an ORDER_OBSERVATION group started by OBR.
 */
export class Hl7Group {
  constructor(
    readonly head: Hl7Segment,
    /** The members after `head`, in message order. */
    readonly members: readonly Hl7Segment[],
  ) {}

  /** The first member with that id. */
  get(segmentName: string): Hl7Segment | undefined {
    return this.members.find((s) => s.name === segmentName);
  }

  /** Every member with that id, in message order. */
  all(segmentName: string): Hl7Segment[] {
    return this.members.filter((s) => s.name === segmentName);
  }

  /** Sub-groups among the members (see `groupSegments`). */
  groups(start: string, members: readonly string[]): Hl7Group[] {
    return groupSegments(this.members, start, members);
  }
}

/**
 * Cuts `segments` into groups: each `start` segment opens one, which takes the segments after it while
 * their id is `start`'s member list (a member id equal to `start` is a new group, never a member) and ends
 * at the first other segment. Segments before the first `start`, or after a group has ended, belong to
 * none. One pass, so a 10,000-OBX message costs what it holds.
 */
export function groupSegments(segments: readonly Hl7Segment[], start: string, members: readonly string[]): Hl7Group[] {
  const wanted = new Set(members);
  const groups: Hl7Group[] = [];
  let current: { head: Hl7Segment; members: Hl7Segment[] } | undefined;
  for (const segment of segments) {
    if (segment.name === start) {
      if (current !== undefined) groups.push(new Hl7Group(current.head, current.members));
      current = { head: segment, members: [] };
    } else if (current !== undefined && wanted.has(segment.name)) {
      current.members.push(segment);
    } else if (current !== undefined) {
      groups.push(new Hl7Group(current.head, current.members));
      current = undefined;
    }
  }
  if (current !== undefined) groups.push(new Hl7Group(current.head, current.members));
  return groups;
}
