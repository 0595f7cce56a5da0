// Throwaway TLS material for the MLLP-over-TLS end-to-end test: a self-signed certificate for
// 127.0.0.1 made by openssl, written as the PEM files MLLP_TLS_CERT / MLLP_TLS_KEY / MLLP_TLS_CA name.
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import path from 'node:path';

export interface PemFiles {
  certFile: string;
  keyFile: string;
  cert: string;
  key: string;
}

export function selfSignedPemFiles(dir: string, commonName: string): PemFiles {
  const keyFile = path.join(dir, `${commonName}.key`);
  const certFile = path.join(dir, `${commonName}.crt`);
  const subject = ['-subj', `/CN=${commonName}`, '-addext', 'subjectAltName=IP:127.0.0.1'];
  const ec = ['-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1'];
  execFileSync(
    'openssl',
    ['req', '-x509', ...ec, '-nodes', '-days', '1', ...subject, '-keyout', keyFile, '-out', certFile],
    {
      stdio: 'ignore',
    },
  );
  return { certFile, keyFile, cert: readFileSync(certFile, 'utf8'), key: readFileSync(keyFile, 'utf8') };
}
