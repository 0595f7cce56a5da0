import type { InboxEntry } from '@nexushealth/adapters';

/**
 * An inbox entry as the inbox API shows it. Lists leave out what carries PHI — the raw message and
 * the patient key (`orderKey`, an MRN) — unless asked (`_include=raw`); reading one entry shows all.
 * The ACK, errors and resource references are ours and name locations and ids, never values.
 */
export type InboxEntryView = Omit<InboxEntry, 'raw' | 'orderKey'> & Partial<Pick<InboxEntry, 'raw' | 'orderKey'>>;

export function inboxEntryView(entry: InboxEntry, withRaw: boolean): InboxEntryView {
  if (withRaw) return entry;
  const { raw: _raw, orderKey: _orderKey, ...view } = entry;
  return view;
}
