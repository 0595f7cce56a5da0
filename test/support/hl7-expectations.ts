// What an ADT message must leave on the server, worked out from the message itself: the Patient
// identifiers its PID-3 names, with systems as the adapter documents its mapping (adapters/src/mapping/cx.ts
// and mapping-context.ts: V2-to-FHIR IG CX → Identifier, HD → system). Written out here on purpose, as
// an independent reading of that rule rather than a call into the mapper under test.
import { type Hl7Message, type Hl7Repetition, parseHl7 } from '@nexushealth/adapters';

export interface SystemValue {
  system: string;
  value: string;
}

/** HD (namespace ^ universal id ^ type) → URI: urn:oid / urn:uuid / URI, else urn:nexushealth:hl7v2:<authority>. */
export function authoritySystem(
  namespace?: string,
  universalId?: string,
  universalIdType?: string,
): string | undefined {
  const type = universalIdType?.toUpperCase();
  if (universalId !== undefined && type === 'ISO' && /^[0-2](\.\d+)+$/.test(universalId))
    return `urn:oid:${universalId}`;
  if (universalId !== undefined && type === 'UUID') return `urn:uuid:${universalId.toLowerCase()}`;
  if (universalId !== undefined && type === 'URI') return universalId;
  const authority = namespace ?? universalId;
  return authority === undefined ? undefined : `urn:nexushealth:hl7v2:${encodeURIComponent(authority)}`;
}

/** Every PID-3 identifier with a value and a system (CX.4, else the sending facility MSH-4). */
export function pidIdentifiers(message: Hl7Message): SystemValue[] {
  const msh4 = message.get('MSH')?.field(4);
  const facility = authoritySystem(msh4?.component(1) ?? msh4?.component(2));
  const pid = message.get('PID');
  return (pid?.field(3).repetitions ?? []).flatMap((cx: Hl7Repetition) => {
    const value = cx.value;
    if (value === undefined) return [];
    const system =
      cx.rawComponent(4) !== ''
        ? authoritySystem(cx.component(4, 1), cx.component(4, 2), cx.component(4, 3))
        : facility;
    return system === undefined ? [] : [{ system, value }];
  });
}

export interface ParsedAck {
  /** MSA-1: AA, AE, AR (or CA, CE, CR in enhanced mode). */
  code: string;
  /** MSA-2: the control id of the message acknowledged. */
  controlId: string;
  /** ERR-3 / ERR-1 codes and texts, for the report when the code is not AA. */
  errors: string[];
}

/** Reads an ACK; throws when the reply is not an HL7 message with an MSA. */
export function parseAck(reply: string): ParsedAck {
  const ack = parseHl7(reply);
  const msa = ack.get('MSA');
  if (msa === undefined) throw new Error(`the reply has no MSA segment: ${reply.slice(0, 200)}`);
  const errors = ack
    .all('ERR')
    .map((err) => [err.field(3).component(1), err.field(3).component(2), err.field(8).value].filter(Boolean).join(' '));
  if (msa.field(3).value) errors.push(`MSA-3 ${msa.field(3).value ?? ''}`);
  return { code: msa.field(1).value ?? '', controlId: msa.field(2).value ?? '', errors };
}
