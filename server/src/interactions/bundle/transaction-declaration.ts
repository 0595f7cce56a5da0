/** The server's choices in transactions and bounded reads, for the CapabilityStatement's `rest.documentation`. */
export const TRANSACTION_DOCUMENTATION = [
  'Transactions (http://hl7.org/fhir/R4/http.html#trules) are processed DELETE, POST, PUT/PATCH, then',
  'reads, all or nothing (journalled; a crash is rolled back at restart). Conditions (ifNoneExist,',
  'conditional update/patch URLs, conditional references) are evaluated on the data as it stands before',
  "the transaction, except that a resource the transaction deletes no longer matches a POST's",
  "ifNoneExist. Links to entries' fullUrls are replaced in Reference.reference (as Type/id), in uri and",
  'url elements and in narrative a href/img src (as absolute URLs); not in canonical, uuid, oid or',
  'markdown elements. A search or history query that runs past the server time limit is too-costly (422).',
].join(' ');
