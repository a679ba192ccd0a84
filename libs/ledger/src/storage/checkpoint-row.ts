import type { SignedCheckpoint } from '../checkpoint';

/** A row of ledger.checkpoints as node-postgres returns it. */
export interface CheckpointRow {
  chain: number;
  size: string;
  head_hash: Buffer;
  root: Buffer;
  issued_at: Date;
  key_id: string;
  signature: Buffer;
  frontier: unknown;
}

export const CHECKPOINT_COLUMNS =
  'chain, size, head_hash, root, issued_at, key_id, signature, frontier';

export function checkpointFromRow(row: CheckpointRow): SignedCheckpoint {
  return {
    version: 1,
    chain: row.chain,
    size: Number(row.size),
    headHash: row.head_hash.toString('hex'),
    root: row.root.toString('hex'),
    issuedAt: row.issued_at.toISOString(),
    keyId: row.key_id,
    signature: row.signature.toString('hex'),
  };
}
