/**
 * The choices search makes where R4 leaves them to the server, for CapabilityStatement
 * rest.documentation (http://hl7.org/fhir/R4/search.html); each is what the code in this folder does.
 */
export const SEARCH_VALUE_DOCUMENTATION = [
  'Search values (search.html#prefix): date prefixes compare implicit ranges as the prefix table words',
  'them (ge = gt or eq, le = lt or eq; sa/eb need no overlap); ap is the search range widened by 10% of',
  'its distance from now, ±10% of the value for numbers and quantities; number precision (1e2, 100.00)',
  'sets the eq/ne range. Quantities with a UCUM system|code compare in base units (5.4 mg finds 5400 ug),',
  'except special units such as Cel; other units match the code or unit as written. Composite',
  'parameters: all R4 ones; components are matched on the same element (with three components, the',
  'second and third may come from different elements sharing the first). Modifiers: :missing on all;',
  'string :exact :contains; token :not :text :of-type :in :not-in :above :below; uri :above :below',
  ':contains; reference :[type] :identifier. :in/:not-in expand R4 ValueSets and ValueSets stored',
  'here (not SNOMED/LOINC filters), at most 10,000 codes; :above/:below follow R4 CodeSystem',
  'hierarchies; else 400 not-supported. near is not supported. _sort: resources without the value',
  'sort first ascending and last descending; a repeating value sorts by its least element ascending and',
  'its greatest descending; dates by the start of their range, quantities by value as written, tokens',
  'by their least stored form. SearchParameter resources (status active; types string, token,',
  'reference, date, number, quantity, uri) apply on the next request and in every process within 5 s;',
  'existing resources of their bases are reindexed in the background, without new versions.',
].join(' ');
