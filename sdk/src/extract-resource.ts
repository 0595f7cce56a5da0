import type { Resource, ResourceType } from '@medplum/fhirtypes';

/**
 * The resource interface for a resource type name: `ExtractResource<'Patient'>` is `Patient`.
 * Every typed method of the client is generic over the type name, so the name the caller passes
 * in the URL and the shape it gets back can never disagree.
 */
export type ExtractResource<T extends ResourceType> = Extract<Resource, { resourceType: T }>;
