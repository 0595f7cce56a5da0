import { readFileSync } from 'node:fs';
import { PeerAllowList } from './net/peer-allow-list.js';

/** The MLLP listener's access settings (README "Configuration", "MLLP access"); part of the HL7 settings. */
export interface MllpAccessSettings {
  /** MLLP_ALLOWED_PEERS: the peers whose connections are taken (addresses, CIDR ranges); default loopback. */
  mllpAllowedPeers: PeerAllowList;
  /** MLLP_TLS_CERT / MLLP_TLS_KEY / MLLP_TLS_CA (PEM files), MLLP_TLS_REQUIRE_CLIENT_CERT, MLLP_TLS_ALLOWED_SUBJECTS. */
  mllpTls?: MllpTlsSettings;
}

export interface MllpTlsSettings {
  cert: Buffer;
  key: Buffer;
  /** With it, mutual TLS: a client without a certificate this CA signed cannot connect. */
  ca?: Buffer;
  requestCert: boolean;
  /** Client certificate subject CNs taken (unset: any the CA signed). */
  allowedSubjects?: ReadonlySet<string>;
}

export function parseMllpAccessSettings(env: NodeJS.ProcessEnv): MllpAccessSettings {
  const peers = env.MLLP_ALLOWED_PEERS;
  let mllpAllowedPeers = PeerAllowList.LOOPBACK;
  if (peers !== undefined) {
    try {
      mllpAllowedPeers = PeerAllowList.parse(peers);
    } catch (error) {
      throw new Error(`MLLP_ALLOWED_PEERS: ${(error as Error).message}`);
    }
  }
  const tls = mllpTls(env);
  return tls === undefined ? { mllpAllowedPeers } : { mllpAllowedPeers, mllpTls: tls };
}

/**
 * TLS when MLLP_TLS_CERT/KEY are set; mutual (IHE ITI TF-2 §3.19 ATNA secure node) when MLLP_TLS_CA is:
 * MLLP_TLS_REQUIRE_CLIENT_CERT defaults to true then, and a CA that verifies nobody (`false`) or a
 * requirement with nothing to verify against stops the start rather than quietly not checking.
 */
function mllpTls(env: NodeJS.ProcessEnv): MllpTlsSettings | undefined {
  const [cert, key, ca] = (['MLLP_TLS_CERT', 'MLLP_TLS_KEY', 'MLLP_TLS_CA'] as const).map((name) => pemFile(env, name));
  const subjects = subjectList(env.MLLP_TLS_ALLOWED_SUBJECTS);
  const require = flag(env, 'MLLP_TLS_REQUIRE_CLIENT_CERT');
  if (cert === undefined && key === undefined && ca === undefined) {
    if (require === true || subjects !== undefined)
      throw new Error(
        'MLLP_TLS_REQUIRE_CLIENT_CERT and MLLP_TLS_ALLOWED_SUBJECTS need MLLP_TLS_CERT, MLLP_TLS_KEY and MLLP_TLS_CA',
      );
    return undefined;
  }
  if (cert === undefined || key === undefined) throw new Error('MLLP_TLS_CERT and MLLP_TLS_KEY must be set together');
  const requestCert = require ?? ca !== undefined;
  if (requestCert && ca === undefined)
    throw new Error('MLLP_TLS_REQUIRE_CLIENT_CERT=true needs MLLP_TLS_CA (the CA that signs client certificates)');
  if (!requestCert && ca !== undefined)
    throw new Error('MLLP_TLS_CA verifies client certificates: with MLLP_TLS_REQUIRE_CLIENT_CERT=false unset it');
  if (subjects !== undefined && !requestCert)
    throw new Error('MLLP_TLS_ALLOWED_SUBJECTS needs client certificates (MLLP_TLS_CA)');
  return {
    cert,
    key,
    requestCert,
    ...(ca === undefined ? {} : { ca }),
    ...(subjects === undefined ? {} : { allowedSubjects: subjects }),
  };
}

function flag(env: NodeJS.ProcessEnv, name: string): boolean | undefined {
  const value = env[name];
  if (value === undefined || value === '') return undefined;
  if (value === 'true' || value === 'false') return value === 'true';
  throw new Error(`${name} must be true or false`);
}

/** `CN one, CN two`: subject common names, comma-separated. */
function subjectList(setting: string | undefined): ReadonlySet<string> | undefined {
  const names = (setting ?? '')
    .split(',')
    .map((name) => name.trim())
    .filter((name) => name !== '');
  return names.length === 0 ? undefined : new Set(names);
}

function pemFile(env: NodeJS.ProcessEnv, name: string): Buffer | undefined {
  const path = env[name];
  if (path === undefined || path === '') return undefined;
  try {
    return readFileSync(path);
  } catch {
    throw new Error(`${name} must name a readable PEM file`);
  }
}
