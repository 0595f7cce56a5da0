import { gzipSync } from 'node:zlib';

/**
 * One ustar entry (https://www.gnu.org/software/tar/manual/html_node/Standard.html) for tests:
 * a header with a correct checksum, then the data padded to 512 bytes. `declaredSize` makes the
 * header claim another size than the data has (huge or truncated entries).
 */
export function tarEntry(
  name: string,
  content: string | Buffer,
  options: { type?: string; declaredSize?: number } = {},
): Buffer {
  const data = typeof content === 'string' ? Buffer.from(content) : content;
  const header = Buffer.alloc(512);
  header.write(name, 0, 100);
  header.write('0000644\0', 100);
  header.write('0000000\0', 108);
  header.write('0000000\0', 116);
  header.write(`${(options.declaredSize ?? data.length).toString(8).padStart(11, '0')}\0`, 124);
  header.write('00000000000\0', 136);
  header.write(options.type ?? '0', 156);
  header.write('ustar\x0000', 257);
  header.fill(0x20, 148, 156);
  const sum = header.reduce((total, byte) => total + byte, 0);
  header.write(`${sum.toString(8).padStart(6, '0')}\0 `, 148);
  const padding = Buffer.alloc((512 - (data.length % 512)) % 512);
  return Buffer.concat([header, data, padding]);
}

/** Entries followed by the two zero blocks that end an archive. */
export function tarArchive(entries: readonly Buffer[]): Buffer {
  return Buffer.concat([...entries, Buffer.alloc(1024)]);
}

/** A gzipped FHIR package: each value is written as JSON under `package/<name>`. */
export function fhirPackageTgz(files: Readonly<Record<string, unknown>>): Buffer {
  return gzipSync(
    tarArchive(Object.entries(files).map(([name, json]) => tarEntry(`package/${name}`, JSON.stringify(json)))),
  );
}
