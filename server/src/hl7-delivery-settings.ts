import { readFileSync } from 'node:fs';
import type { JWK } from 'jose';

/** Credentials the HL7 v2 worker delivers with (README "HL7 v2 worker credentials"). */
export interface Hl7DeliverySettings {
  /** HL7_DELIVERY_CLIENT_ID + HL7_DELIVERY_KEY_FILE: a registered Backend Services client and its private JWK. */
  deliveryClient?: { clientId: string; privateKey: JWK };
}

const BOTH = 'HL7_DELIVERY_CLIENT_ID and HL7_DELIVERY_KEY_FILE must be set together';

/**
 * The worker's own client, for split roles or an external authorization server; unset, a worker
 * beside our own authorization server registers an internal client itself (main.ts). The key file
 * holds one private JWK, RSA (RS384) or EC P-384 (ES384): SMART Backend Services' algorithms.
 */
export function parseHl7DeliverySettings(env: NodeJS.ProcessEnv): Hl7DeliverySettings {
  const clientId = env.HL7_DELIVERY_CLIENT_ID?.trim() ?? '';
  const file = env.HL7_DELIVERY_KEY_FILE ?? '';
  if (clientId === '' && file === '') return {};
  if (clientId === '' || file === '') throw new Error(BOTH);
  return { deliveryClient: { clientId, privateKey: privateJwk(file) } };
}

function privateJwk(file: string): JWK {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch {
    throw new Error('HL7_DELIVERY_KEY_FILE must name a readable file');
  }
  let jwk: unknown;
  try {
    jwk = JSON.parse(text);
  } catch {
    throw new Error('HL7_DELIVERY_KEY_FILE must hold a private JWK as JSON');
  }
  const key = jwk as JWK | null;
  const usable = key?.kty === 'RSA' || (key?.kty === 'EC' && key.crv === 'P-384');
  if (typeof jwk !== 'object' || key === null || !usable || typeof key.d !== 'string')
    throw new Error('HL7_DELIVERY_KEY_FILE must hold a private RSA or EC P-384 JWK (RS384/ES384)');
  return key;
}
