import { Injectable } from '@nestjs/common';
import { MerkleFrontier, toHex, type SignedCheckpoint } from '@taxchain/ledger';
import { DataSource } from 'typeorm';

/** Where a verification can pick up: a checkpoint already matched, with its Merkle frontier. */
export interface ResumePoint {
  size: number;
  headHash: string;
  frontier: unknown;
}

/** Frontiers the checkpointer stored beside its checkpoints (ledger.checkpoints.frontier). */
@Injectable()
export class ResumePoints {
  constructor(private readonly db: DataSource) {}

  /**
   * The resume point of a checkpoint the verifier just matched, or undefined. The stored
   * frontier is only trusted when it reproduces the signed root: the table is what we distrust.
   */
  async of(checkpoint: SignedCheckpoint): Promise<ResumePoint | undefined> {
    const [row] = await this.db.query<Array<{ frontier: unknown }>>(
      'SELECT frontier FROM ledger.checkpoints WHERE chain = $1 AND size = $2',
      [checkpoint.chain, checkpoint.size],
    );
    return row && reproduced(checkpoint, row.frontier);
  }

  /**
   * The resume point at the table's checkpoint of this size. Only its frontier is checked here:
   * the verifier resuming there checks that checkpoint's signature before trusting it.
   */
  async at(chain: number, size: number): Promise<ResumePoint | undefined> {
    const [row] = await this.db.query<
      Array<{ root: string; head_hash: string; frontier: unknown }>
    >(
      `SELECT encode(root, 'hex') AS root, encode(head_hash, 'hex') AS head_hash, frontier
         FROM ledger.checkpoints WHERE chain = $1 AND size = $2`,
      [chain, size],
    );
    return row && reproduced({ size, root: row.root, headHash: row.head_hash }, row.frontier);
  }
}

function reproduced(
  checkpoint: Pick<SignedCheckpoint, 'size' | 'root' | 'headHash'>,
  stored: unknown,
): ResumePoint | undefined {
  try {
    const frontier = MerkleFrontier.fromJSON(stored);
    if (frontier.size !== checkpoint.size || toHex(frontier.root()) !== checkpoint.root)
      return undefined;
    return { size: checkpoint.size, headHash: checkpoint.headHash, frontier: stored };
  } catch {
    return undefined;
  }
}
