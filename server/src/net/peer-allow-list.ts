import { BlockList, isIPv4, isIPv6 } from 'node:net';

/** An IPv4 address written inside IPv6 (`::ffff:10.0.0.1`, RFC 4291 §2.5.5.2) is that IPv4 address. */
const IPV4_MAPPED = /^::ffff:(\d{1,3}(?:\.\d{1,3}){3})$/i;

/**
 * The peers an MLLP listener takes connections from: addresses and CIDR ranges, IPv4 and IPv6
 * (MLLP R2 has no authentication of its own; IHE ITI TF-2 §3.19 ATNA asks a secure node to accept
 * only known nodes). Built on `net.BlockList`, which also matches IPv4-mapped IPv6 peers (a
 * dual-stack listener sees `::ffff:a.b.c.d`) against IPv4 ranges.
 */
export class PeerAllowList {
  /** Loopback only (the default: nothing from the network until it is configured). */
  static readonly LOOPBACK = PeerAllowList.parse('127.0.0.0/8,::1');

  private constructor(
    private readonly list: BlockList,
    /** The entries as normalised, for the start-up log line. */
    readonly entries: readonly string[],
  ) {}

  /**
   * `10.0.0.5, 192.168.10.0/24, fd00::/8, ::1` (commas, spaces ignored); `0.0.0.0/0,::/0` allows
   * every peer. Throws naming the first entry that is not an address or a CIDR range.
   */
  static parse(text: string): PeerAllowList {
    const list = new BlockList();
    const entries = text
      .split(',')
      .map((entry) => entry.trim())
      .filter((entry) => entry !== '');
    if (entries.length === 0) throw new Error('list at least one address or CIDR range');
    const normalised = entries.map((entry) => addEntry(list, entry));
    return new PeerAllowList(list, normalised);
  }

  /** Whether a connection from this remote address is taken (an unknown address never is). */
  allows(address: string | undefined): boolean {
    if (address === undefined) return false;
    if (isIPv4(address)) return this.list.check(address, 'ipv4');
    return isIPv6(address) && this.list.check(address, 'ipv6');
  }
}

function addEntry(list: BlockList, entry: string): string {
  const [rawAddress = '', prefixText, ...rest] = entry.split('/');
  const mapped = IPV4_MAPPED.exec(rawAddress)?.[1];
  const address = mapped ?? rawAddress;
  // A zone (`fe80::1%eth0`) names an interface, not a peer: refused rather than guessed at.
  const family = isIPv4(address) ? 'ipv4' : isIPv6(address) && !address.includes('%') ? 'ipv6' : undefined;
  if (family === undefined || rest.length > 0) throw new Error(`"${entry}" is not an IP address or a CIDR range`);
  if (prefixText === undefined) {
    list.addAddress(address, family);
    return address;
  }
  const bits = family === 'ipv4' ? 32 : 128;
  // `::ffff:10.0.0.0/104` is the IPv4 range 10.0.0.0/8.
  const prefix = Number(prefixText) - (mapped === undefined ? 0 : 96);
  if (!/^\d{1,3}$/.test(prefixText) || prefix < 0 || prefix > bits)
    throw new Error(`"${entry}": the prefix length must be 0 to ${mapped === undefined ? bits : 128}`);
  list.addSubnet(address, prefix, family);
  return `${address}/${prefix}`;
}
