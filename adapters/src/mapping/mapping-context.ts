import { randomUUID } from 'node:crypto';
import type { Hl7Message } from '../hl7/message.js';
import type { Hl7Repetition } from '../hl7/repetition.js';
import type { Hl7Issue } from './hl7-issue.js';
import { hl7ToFhirDate, hl7ToFhirDateTime } from './hl7-datetime.js';
import type { MappingOptions } from './mapping-options.js';

/** What the segment mappers share while mapping one message: options, the warnings so far, id source. */
export class MappingContext {
  readonly warnings: Hl7Issue[] = [];
  readonly timeZone: string;
  readonly newUuid: () => string;
  /**
   * MSH-4 (sending facility) namespace, else MSH-3 (sending application) when the sender names no
   * facility: the authority of identifiers that name none (see `cx.ts`), and the key of the per-facility
   * identifier-system table.
   */
  readonly sendingFacility: string | undefined;

  constructor(
    readonly message: Hl7Message,
    private readonly options: MappingOptions,
  ) {
    this.timeZone = options.defaultTimeZone ?? 'UTC';
    this.newUuid = options.uuid ?? randomUUID;
    const msh = message.get('MSH');
    const [msh4, msh3] = [msh?.field(4), msh?.field(3)];
    this.sendingFacility = msh4?.component(1) ?? msh4?.component(2) ?? msh3?.component(1) ?? msh3?.component(2);
  }

  /**
   * The system of an identifier that names no authority: the sending facility's HD (MSH-4, else MSH-3) as
   * `identifierSystem` reads any HD, so its universal id (an ISO OID → `urn:oid:`) wins over the namespace and
   * the same number from one facility has one system whether or not CX-4 is sent (IG HD → Identifier.system).
   */
  defaultIdentifierSystem(): string | undefined {
    const msh = this.message.get('MSH');
    const hd = [msh?.field(4), msh?.field(3)].find(
      (f) => f?.component(1) !== undefined || f?.component(2) !== undefined,
    );
    return hd === undefined ? undefined : this.identifierSystem(hd.component(1), hd.component(2), hd.component(3));
  }

  /** A warning for the ACK (ERR severity W); `text` must not quote the value (it may be PHI). */
  warn(location: string, text: string, code = '102'): void {
    this.warnings.push({ code, text, location, severity: 'W' });
  }

  /**
   * An assigning authority (HD: namespace ^ universal id ^ universal id type) as a URI: `urn:oid:` for an
   * ISO OID (V2-to-FHIR IG, HD → Identifier.system), `urn:uuid:` for a UUID, the URI itself for a URI, then
   * the sending facility's configured table, the global one, then `urn:nexushealth:hl7v2:<authority>`.
   */
  identifierSystem(namespace: string | undefined, universalId?: string, universalIdType?: string): string | undefined {
    const type = universalIdType?.toUpperCase();
    if (universalId !== undefined && type === 'ISO' && /^[0-2](\.\d+)+$/.test(universalId))
      return `urn:oid:${universalId}`;
    if (universalId !== undefined && type === 'UUID') return `urn:uuid:${universalId.toLowerCase()}`;
    if (universalId !== undefined && type === 'URI') return universalId;
    const facility = this.sendingFacility === undefined ? undefined : this.options.facilityIdentifierSystems;
    const tables = [facility?.[this.sendingFacility ?? ''] ?? {}, this.options.identifierSystems ?? {}];
    for (const table of tables) {
      for (const key of [namespace, universalId]) {
        const configured = key === undefined ? undefined : table[key];
        if (configured !== undefined) return configured;
      }
    }
    const authority = namespace ?? universalId;
    return authority === undefined ? undefined : `urn:nexushealth:hl7v2:${encodeURIComponent(authority)}`;
  }

  /** A FHIR date from a DTM field, with a warning (not an error) when the value is not a date. */
  date(rep: Hl7Repetition | undefined, location: string): string | undefined {
    const value = rep?.value;
    if (value === undefined) return undefined;
    const date = hl7ToFhirDate(value);
    if (date === undefined) this.warn(location, 'not a valid HL7 date/time; left out');
    return date;
  }

  /** A FHIR dateTime from a DTM field, read in the configured zone when it has no offset. */
  dateTime(rep: Hl7Repetition | undefined, location: string): string | undefined {
    return this.dateTimeOf(rep?.value, location);
  }

  /** The same for a DTM read from a component (TQ.4 of SCH-11, PPN.15 …). */
  dateTimeOf(value: string | undefined, location: string): string | undefined {
    if (value === undefined) return undefined;
    const dateTime = hl7ToFhirDateTime(value, this.timeZone);
    if (dateTime === undefined) this.warn(location, 'not a valid HL7 date/time; left out');
    return dateTime;
  }

  /**
   * A FHIR instant (https://hl7.org/fhir/R4/datatypes.html#instant) from a DTM field: a dateTime with a
   * time of day; a date alone is not one, and is left out with a warning (OBR-22 issued, TXA-6 date).
   */
  instant(rep: Hl7Repetition | undefined, location: string): string | undefined {
    const dateTime = this.dateTime(rep, location);
    if (dateTime === undefined || dateTime.includes('T')) return dateTime;
    this.warn(location, 'a date without a time of day cannot be an instant; left out');
    return undefined;
  }
}
