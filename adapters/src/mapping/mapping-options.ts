/** What an operator can configure about HL7 v2 → FHIR mapping. */
export interface MappingOptions {
  /**
   * Assigning authority (CX-4 namespace id or universal id) → identifier system URI, for authorities that
   * are not ISO OIDs. Unlisted ones get `urn:nexushealth:hl7v2:<authority>`.
   */
  readonly identifierSystems?: Readonly<Record<string, string>>;
  /**
   * The same table per sending facility (MSH-4.1, else MSH-4.2), consulted before `identifierSystems`:
   * two hospitals may both call their medical record numbers `MRN`, and must not share a system.
   */
  readonly facilityIdentifierSystems?: Readonly<Record<string, Readonly<Record<string, string>>>>;
  /**
   * MSH-11.1 processing ids taken (v2.5.1 §2.14.9.11, HL7 table 0103); others are an AR 202. Default
   * `['P', 'T', 'D']`; a production feed that must not take training or debugging messages sets `['P']`.
   */
  readonly processingIds?: readonly string[];
  /** IANA zone for HL7 times sent without an offset; default 'UTC' (never the host's zone). */
  readonly defaultTimeZone?: string;
  /** Source of the `urn:uuid:` fullUrls inside a Bundle; default `crypto.randomUUID`. */
  readonly uuid?: () => string;
}
