/** Why a chain fails verification, at the first bad seq. */
export type BreakReason =
  | 'hash-mismatch'
  | 'payload-mismatch'
  | 'bad-signature'
  | 'unknown-key'
  | 'key-revoked'
  | 'gap'
  | 'fork'
  | 'checkpoint-mismatch'
  | 'checkpoint-shrank'
  | 'checkpoint-conflict'
  | 'checkpoint-signature';

export interface ChainBreak {
  chain: number;
  /** The first seq that does not verify (for a shrunk chain: the first missing one). */
  seq: number;
  reason: BreakReason;
  detail: string;
}
