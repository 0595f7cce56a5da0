/** A message: MSH with that MSH-9 and control id, then the segments, CR-separated (v2.5.1 §2.5.4). */
export function message(type: string, segments: readonly string[], control = 'MSG1'): string {
  return [`MSH|^~\\&|SENDER|CLINIC|NEXUS|NH|20240301080000||${type}|${control}|P|2.5.1`, ...segments].join('\r');
}
