/**
 * One ER7 segment from its fields by number, for readable test fixtures: `segment('SCH', { 2: 'F1', 25:
 * 'Booked' })` is `SCH||F1|…|Booked` with the fields in between empty. Values are written as given
 * (components, repetitions and escapes included).
 */
export function segment(name: string, fields: Readonly<Record<number, string>>): string {
  const last = Math.max(0, ...Object.keys(fields).map(Number));
  return [name, ...Array.from({ length: last }, (_, i) => fields[i + 1] ?? '')].join('|');
}

/** A message: MSH with that MSH-9 and control id, then the segments, CR-separated (v2.5.1 §2.5.4). */
export function message(type: string, segments: readonly string[], control = 'MSG1'): string {
  return [`MSH|^~\\&|SENDER|CLINIC|NEXUS|NH|20240301080000||${type}|${control}|P|2.5.1`, ...segments].join('\r');
}
