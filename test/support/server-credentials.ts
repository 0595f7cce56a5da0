// Which token goes to which program: the harness registers each server it starts (by origin) with
// the token source of its admin client, so raw HTTP, the HL7 helpers and fhir-kit-client send a
// Bearer token without every suite threading one through.
import type { BackendServicesTokens } from '@nexushealth/sdk';

const byOrigin = new Map<string, BackendServicesTokens>();

export function rememberCredentials(origin: string, tokens: BackendServicesTokens): void {
  byOrigin.set(origin, tokens);
}

export function forgetCredentials(origin: string): void {
  byOrigin.delete(origin);
}

/** `Authorization: Bearer …` for a URL of a program the harness started with auth on, else nothing. */
export async function authorizationFor(url: string): Promise<Record<string, string>> {
  const tokens = byOrigin.get(new URL(url).origin);
  return tokens === undefined ? {} : { Authorization: `Bearer ${await tokens.accessToken()}` };
}
