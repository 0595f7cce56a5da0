import type { Random } from './random.js';

/** Values that break naive servers: operators, regex metacharacters, encodings, sizes, types. */
export const HOSTILE_STRINGS: readonly string[] = [
  '',
  ' ',
  '{"$gt":""}',
  '{"$where":"sleep(1000)"}',
  '$where',
  '$ne',
  '.*',
  '(a+)+$',
  `${'a'.repeat(3000)}!`,
  '\\',
  '[',
  '%',
  '%00',
  '%ZZ',
  '\u0000',
  '\uFFFF',
  '\uD800',
  '😀',
  "' OR '1'='1",
  '<script>alert(1)</script>',
  '../../etc/passwd',
  '__proto__',
  'constructor',
  'null',
  'NaN',
  '-1',
  '1e400',
  '99999999999999999999',
  '2020-13-45',
  'ge',
  'eq2020-01-01T25:00:00Z',
  'http://169.254.169.254/latest/meta-data',
  'file:///etc/passwd',
  'Patient/',
  'Patient/../../x',
  '|',
  '||||',
  '$',
  ',,,,',
  'x'.repeat(10_000),
];

/** Plausible values of a search parameter type (search.html#ptypes), mixed with hostile ones. */
export function searchValue(random: Random, type: string): string {
  if (random.chance(0.4)) return random.pick(HOSTILE_STRINGS);
  const prefix = random.chance(0.3) ? random.pick(['eq', 'ne', 'gt', 'lt', 'ge', 'le', 'sa', 'eb', 'ap']) : '';
  switch (type) {
    case 'date':
      return (
        prefix +
        random.pick([
          '2020',
          '2020-02',
          '2020-02-29',
          '2020-02-30',
          '2020-01-01T10:00:00Z',
          '1900-01-01T00:00:00+14:00',
        ])
      );
    case 'number':
      return prefix + random.pick(['0', '1', '0.5', '-3', '1e3', '100.00']);
    case 'quantity':
      return prefix + random.pick(['5.4|http://unitsofmeasure.org|mg', '120||mm[Hg]', '1|x|', '3']);
    case 'reference':
      return random.pick([
        'Patient/1',
        'example',
        'http://example.org/fhir/Patient/1',
        'Patient/1/_history/2',
        'urn:uuid:1',
      ]);
    case 'token':
      return random.pick(['male', 'http://loinc.org|8480-6', '|x', 'http://loinc.org|', 'final', 'true']);
    case 'uri':
      return random.pick(['http://hl7.org/fhir/ValueSet/x', 'urn:oid:1.2.3', 'http://example.org']);
    case 'composite':
      return random.pick(['http://loinc.org|8480-6$gt100', 'a$b$c', '$']);
    default:
      return random.pick(['smith', 'Ann', 'é', 'o\u0301', 'a,b', 'x\\,y']);
  }
}

/** `encodeURIComponent`, except that a lone surrogate becomes its (invalid) UTF-8 bytes: still sent. */
export function encodeValue(value: string): string {
  try {
    return encodeURIComponent(value);
  } catch {
    return '%ED%A0%80';
  }
}
