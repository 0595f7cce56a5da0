/**
 * Search parameters declared hot: conditional creates, conditional references and the usual
 * clinical queries hit them, so the MongoDB store indexes their `idx` fields at startup
 * (DESIGN "Data in MongoDB"). Field names follow the index shapes of this folder's README.
 */
const HOT: Record<string, string[]> = {
  Patient: ['identifier', 'family', 'given', 'name', 'birthdate'],
  Practitioner: ['identifier'],
  Organization: ['identifier'],
  Location: ['identifier'],
  Encounter: ['identifier', 'subject', 'patient'],
  Observation: ['subject', 'patient', 'code'],
  Condition: ['subject', 'patient', 'code'],
  // `_tag`: the HL7 v2 worker's conditional Provenance/AuditEvent (adapters/README.md, Delivery).
  AuditEvent: ['entity', '_tag'],
  Provenance: ['_tag'],
};

export const HOT_SEARCH_FIELDS: Record<string, string[]> = Object.fromEntries(
  Object.entries(HOT).map(([type, codes]) => [type, codes.map((code) => `idx.${code}`)]),
);
