import { createHash } from 'node:crypto';
import type { AuditEvent, Extension } from '@medplum/fhirtypes';
import { NEXUS_NAMESPACE } from './balp-codes.js';
import { canonicalJson } from './canonical-json.js';

/** The extension that chains an AuditEvent to the one before it (see README.md beside it). */
export const AUDIT_CHAIN_URL = `${NEXUS_NAMESPACE}/StructureDefinition/audit-chain`;

/** The previous hash of the first event of the chain. */
export const GENESIS_HASH = '0'.repeat(64);

/** Where an event sits in the chain, as its extension says. */
export interface ChainPosition {
  sequence: number;
  previousHash: string;
  hash: string;
}

/**
 * The event with its place in the chain: any audit-chain extension it came with (a client's
 * forgery, or a copy of another event) replaced by `sequence`, `previousHash` and `hash`, the
 * SHA-256 of the canonical JSON of everything else (see `eventHash`).
 */
export function chained(event: AuditEvent, sequence: number, previousHash: string): AuditEvent {
  const unhashed: AuditEvent = {
    ...event,
    extension: [
      ...(event.extension ?? []).filter((e) => e.url !== AUDIT_CHAIN_URL),
      {
        url: AUDIT_CHAIN_URL,
        extension: [
          { url: 'sequence', valueDecimal: sequence },
          { url: 'previousHash', valueString: previousHash },
        ],
      },
    ],
  };
  const hash = eventHash(unhashed);
  const extension = unhashed.extension ?? [];
  const last = extension[extension.length - 1] as Extension;
  last.extension = [...(last.extension ?? []), { url: 'hash', valueString: hash }];
  return unhashed;
}

/**
 * The hash an event must carry: SHA-256 (hex) of the canonical JSON (RFC 8785) of the event as
 * stored — its id, every element, its extensions with its sequence and previous hash, meta's
 * tags, security labels and profiles — except the `hash` itself and `meta.versionId` /
 * `meta.lastUpdated`, which the store's version bookkeeping owns.
 */
export function eventHash(event: AuditEvent): string {
  const { meta, ...rest } = event;
  const covered: Record<string, unknown> = { ...rest, extension: withoutHash(event.extension) };
  if (meta) {
    const { versionId: _versionId, lastUpdated: _lastUpdated, ...kept } = meta;
    if (Object.keys(kept).length > 0) covered.meta = kept;
  }
  if ((covered.extension as Extension[]).length === 0) delete covered.extension;
  return createHash('sha256').update(canonicalJson(covered), 'utf8').digest('hex');
}

/** The chain position an event claims, undefined when it has none or a malformed one. */
export function chainPosition(event: AuditEvent | undefined): ChainPosition | undefined {
  const parts = event?.extension?.find((e) => e.url === AUDIT_CHAIN_URL)?.extension ?? [];
  const part = (url: string) => parts.find((e) => e.url === url);
  const sequence = part('sequence')?.valueDecimal;
  const previousHash = part('previousHash')?.valueString;
  const hash = part('hash')?.valueString;
  if (sequence === undefined || previousHash === undefined || hash === undefined) return undefined;
  return { sequence, previousHash, hash };
}

function withoutHash(extensions: Extension[] | undefined): Extension[] {
  return (extensions ?? []).map((e) =>
    e.url === AUDIT_CHAIN_URL ? { ...e, extension: (e.extension ?? []).filter((part) => part.url !== 'hash') } : e,
  );
}
