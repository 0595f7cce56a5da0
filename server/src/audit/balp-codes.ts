import type { Coding } from '@medplum/fhirtypes';

/** Code systems of IHE BALP (https://profiles.ihe.net/ITI/BALP/) and the R4 AuditEvent bindings. */
export const DCM = 'http://dicom.nema.org/resources/ontology/DCM';
export const ENTITY_TYPE = 'http://terminology.hl7.org/CodeSystem/audit-entity-type';
export const OBJECT_ROLE = 'http://terminology.hl7.org/CodeSystem/object-role';
export const BALP_ENTITY_TYPE = 'https://profiles.ihe.net/ITI/BALP/CodeSystem/BasicAuditEntityType';
export const BALP_AGENT_TYPE = 'https://profiles.ihe.net/ITI/BALP/CodeSystem/UserAgentTypes';
export const IHE_EVENT_TYPE = 'urn:ihe:event-type-code';

/** The project's own CodeSystems and extensions (the namespace its profiles use). */
export const NEXUS_NAMESPACE = 'http://nexushealth.org/fhir';

export const SYSTEM_OBJECT: Coding = { system: ENTITY_TYPE, code: '2', display: 'System Object' };
