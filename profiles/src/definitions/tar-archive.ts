/** One regular file of a tar archive. */
export interface TarFile {
  readonly name: string;
  readonly data: Buffer;
}

/** Why an archive was refused; the message names no content. */
export class TarError extends Error {}

export interface TarLimits {
  /** The largest file accepted, in bytes. */
  readonly maxFileBytes: number;
  /** The most entries (files, folders, headers) accepted. */
  readonly maxEntries: number;
}

const BLOCK = 512;

/**
 * The regular files of a POSIX (ustar/pax) or GNU tar archive, as npm and the FHIR package tools
 * write them (https://www.gnu.org/software/tar/manual/html_node/Standard.html): a 512-byte header
 * per entry, then the data padded to 512 bytes, then zero blocks. pax `path` records and GNU long
 * names are honoured; links, devices and folders are skipped. Throws `TarError` for a bad
 * checksum, a truncated entry, a file over the limit, or a name that is absolute or climbs out
 * with `..` (nothing is written to disk, but such a name is a sign of a hostile archive).
 */
export function tarFiles(archive: Buffer, limits: TarLimits): TarFile[] {
  const files: TarFile[] = [];
  let longName: string | undefined;
  let offset = 0;
  for (let entries = 0; offset + BLOCK <= archive.length; entries++) {
    const header = archive.subarray(offset, offset + BLOCK);
    if (header.every((byte) => byte === 0)) return files;
    if (entries >= limits.maxEntries) throw new TarError(`more than ${limits.maxEntries} entries`);
    checkChecksum(header, offset);
    const size = octal(header, 124, 12, offset);
    if (size > limits.maxFileBytes) throw new TarError(`an entry of ${size} bytes is over the limit`);
    const start = offset + BLOCK;
    if (start + size > archive.length) throw new TarError('the archive is truncated');
    const data = archive.subarray(start, start + size);
    offset = start + Math.ceil(size / BLOCK) * BLOCK;
    const type = String.fromCharCode(header[156] ?? 0);
    if (type === 'x') longName = paxPath(data) ?? longName;
    else if (type === 'L') longName = text(data, 0, data.length);
    else if (type !== 'g') {
      const name = safeName(longName ?? headerName(header));
      longName = undefined;
      if (type === '0' || type === '\0' || type === '7') files.push({ name, data });
    }
  }
  if (offset < archive.length || files.length === 0) throw new TarError('the archive is truncated');
  return files;
}

function checkChecksum(header: Buffer, offset: number): void {
  const stored = octal(header, 148, 8, offset);
  let sum = 0;
  for (let i = 0; i < BLOCK; i++) sum += i >= 148 && i < 156 ? 0x20 : (header[i] ?? 0);
  if (sum !== stored) throw new TarError(`not a tar archive (bad header checksum at byte ${offset})`);
}

function octal(header: Buffer, start: number, length: number, offset: number): number {
  const field = text(header, start, length).trim();
  if (!/^[0-7]+$/.test(field)) throw new TarError(`not a tar archive (bad number in the header at byte ${offset})`);
  return parseInt(field, 8);
}

function headerName(header: Buffer): string {
  const name = text(header, 0, 100);
  const ustar = text(header, 257, 6).startsWith('ustar');
  const prefix = ustar ? text(header, 345, 155) : '';
  return prefix ? `${prefix}/${name}` : name;
}

/** The `path` record of a pax extended header: `<length> path=<name>\n` records. */
function paxPath(data: Buffer): string | undefined {
  for (const record of data.toString('utf8').split('\n')) {
    const match = /^\d+ path=(.*)$/s.exec(record);
    if (match?.[1] !== undefined) return match[1];
  }
  return undefined;
}

function text(bytes: Buffer, start: number, length: number): string {
  const field = bytes.subarray(start, start + length);
  const end = field.indexOf(0);
  return field.subarray(0, end < 0 ? field.length : end).toString('utf8');
}

function safeName(name: string): string {
  const segments = name.split(/[/\\]/);
  if (name.startsWith('/') || /^[A-Za-z]:/.test(name) || segments.includes('..')) {
    throw new TarError('an entry name is absolute or contains ".."');
  }
  return segments.filter((s) => s !== '' && s !== '.').join('/');
}
