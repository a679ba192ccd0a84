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
    if (!row) return undefined;
    try {
      const frontier = MerkleFrontier.fromJSON(row.frontier);
      if (frontier.size !== checkpoint.size || toHex(frontier.root()) !== checkpoint.root)
        return undefined;
      return { size: checkpoint.size, headHash: checkpoint.headHash, frontier: row.frontier };
    } catch {
      return undefined;
    }
  }
}
