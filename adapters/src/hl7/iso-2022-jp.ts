import iconv from 'iconv-lite';

const ESC = 0x1b;
const toAscii = [ESC, 0x28, 0x42]; // ESC ( B
const toJisX0208 = [ESC, 0x24, 0x42]; // ESC $ B

/**
 * ISO-2022-JP (RFC 1468) is JIS X 0208 in 7 bits between escape sequences; EUC-JP is the same code points
 * with the high bit set. So the encoder reuses iconv-lite's EUC-JP table instead of carrying its own:
 * each character is encoded to EUC-JP, two high bytes become a JIS pair (switching to JIS X 0208 first),
 * one low byte is ASCII (switching back). What ISO-2022-JP cannot hold (half-width katakana, JIS X 0212,
 * anything outside JIS) is written `?`, as iconv-lite does for every other set.
 */
export function encodeIso2022Jp(text: string): Uint8Array {
  const out: number[] = [];
  let jis = false;
  for (const char of text) {
    const euc = iconv.encode(char, 'euc-jp');
    const [b0 = 0x3f, b1 = 0x3f] = euc;
    const pair = euc.length === 2 && b0 >= 0xa1 && b1 >= 0xa1;
    if (pair !== jis) out.push(...(pair ? toJisX0208 : toAscii));
    jis = pair;
    if (pair) out.push(b0 & 0x7f, b1 & 0x7f);
    else out.push(euc.length === 1 && b0 < 0x80 ? b0 : 0x3f);
  }
  if (jis) out.push(...toAscii);
  return Uint8Array.from(out);
}
