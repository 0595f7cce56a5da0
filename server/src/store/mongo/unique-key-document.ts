/** A claimed conditional-create key (collection `_unique`). */
export interface UniqueKeyDocument {
  _id: string;
  resourceType: string;
  id: string;
  /** The unit that claimed it; rollback releases only keys its own unit claimed. */
  txn: string;
}
