// A smaller Synthea input for slow stores: the shared batches cut down to the entries the patient
// bundles actually point at (plus a few more), so every conditional reference still resolves.
// Measured on FerretDB 1.x (SQLite): each conditional create scans the collection, so the full
// 4 764-entry batches take tens of minutes there; the cut keeps the behaviour and drops the wait.
import type { BundleEntry, PractitionerRole } from '@medplum/fhirtypes';
import type { InputBundle, SyntheaInput } from './synthea-data.js';

/** Entries kept from each batch on top of the referenced ones, so unreferenced ones are covered too. */
const EXTRA_ENTRIES = 20;

export function referencedSubset(input: SyntheaInput): SyntheaInput {
  const wanted = conditionalReferences(input.transactions);
  const keptPractitioners = new Set<string>();
  const keep = (entry: BundleEntry, index: number): boolean => {
    const type = entry.resource?.resourceType;
    const condition = entry.request?.ifNoneExist;
    if (index < EXTRA_ENTRIES || (condition !== undefined && wanted.has(`${type ?? ''}?${condition}`))) {
      if (type === 'Practitioner' && condition !== undefined) keptPractitioners.add(condition);
      return true;
    }
    return false;
  };
  // Every batch is cut before roles are added, so the roles of all kept Practitioners are known.
  const batches = input.batches.map((item) => ({
    ...item,
    bundle: { ...item.bundle, entry: (item.bundle.entry ?? []).filter(keep) },
  }));
  const withRoles = batches.map((item, i) => ({
    ...item,
    bundle: {
      ...item.bundle,
      entry: [...(item.bundle.entry ?? []), ...rolesOf(input.batches[i], keptPractitioners, item.bundle.entry ?? [])],
    },
  }));
  return { ...input, batches: withRoles };
}

/** Every `Type?query` reference written in the transactions. */
function conditionalReferences(transactions: InputBundle[]): Set<string> {
  const found = new Set<string>();
  for (const { bundle } of transactions) {
    JSON.stringify(bundle, (key, value: unknown) => {
      if (key === 'reference' && typeof value === 'string' && /^[A-Z][A-Za-z]+\?/.test(value)) found.add(value);
      return value;
    });
  }
  return found;
}

/** The PractitionerRoles (not yet kept) of the kept Practitioners, matched by NPI identifier. */
function rolesOf(original: InputBundle | undefined, practitioners: Set<string>, kept: BundleEntry[]): BundleEntry[] {
  return (original?.bundle.entry ?? []).filter((entry) => {
    if (entry.resource?.resourceType !== 'PractitionerRole' || kept.includes(entry)) return false;
    const id = (entry.resource as PractitionerRole).practitioner?.identifier;
    return id !== undefined && practitioners.has(`identifier=${id.system ?? ''}|${id.value ?? ''}`);
  });
}
