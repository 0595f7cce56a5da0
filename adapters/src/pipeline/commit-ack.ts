/**
 * Whether an enhanced-mode commit ACK is sent at all, by MSH-15 accept acknowledgment type (v2.5.1
 * §2.9.3, table 0155): AL always (also when MSH-15 is empty and the server is set to enhanced mode),
 * NE never, ER only for CE/CR, SU only for CA.
 */
export function wantsCommitAck(acceptAckType: string | undefined, code: 'CA' | 'CE' | 'CR'): boolean {
  switch (acceptAckType?.toUpperCase()) {
    case 'NE':
      return false;
    case 'ER':
      return code !== 'CA';
    case 'SU':
      return code === 'CA';
    default:
      return true;
  }
}
