import { Injectable } from '@nestjs/common';
import type { SignedCheckpoint } from '@taxchain/ledger';
import { DataSource } from 'typeorm';

/** A checkpoint witnessed on Kafka that ledger.checkpoints no longer holds as it was signed. */
export interface CheckpointMismatch {
  chain: number;
  size: number;
  problem: 'missing' | 'different';
  seen: SignedCheckpoint;
}

/** audit.checkpoints_seen: every checkpoint witnessed on Kafka, outside the database's reach. */
@Injectable()
export class CheckpointsSeenRepository {
  constructor(private readonly db: DataSource) {}

  /** Stores the first checkpoint of a (chain, size); returns the one already stored if it differs. */
  async insert(checkpoint: SignedCheckpoint): Promise<SignedCheckpoint | undefined> {
    const inserted = await this.db.query<unknown[]>(
      `INSERT INTO audit.checkpoints_seen (chain, size, checkpoint) VALUES ($1, $2, $3)
       ON CONFLICT (chain, size) DO NOTHING RETURNING 1`,
      [checkpoint.chain, checkpoint.size, JSON.stringify(checkpoint)],
    );
    if (inserted.length > 0) return undefined;
    const [row] = await this.db.query<Array<{ checkpoint: SignedCheckpoint }>>(
      'SELECT checkpoint FROM audit.checkpoints_seen WHERE chain = $1 AND size = $2',
      [checkpoint.chain, checkpoint.size],
    );
    return row && row.checkpoint.signature !== checkpoint.signature ? row.checkpoint : undefined;
  }

  /** The chain's witnessed checkpoints of `fromSize` entries or more (all of them by default). */
  async forChain(chain: number, fromSize = 0): Promise<SignedCheckpoint[]> {
    const rows = await this.db.query<Array<{ checkpoint: SignedCheckpoint }>>(
      'SELECT checkpoint FROM audit.checkpoints_seen WHERE chain = $1 AND size >= $2 ORDER BY size',
      [chain, fromSize],
    );
    return rows.map((row) => row.checkpoint);
  }

  async count(): Promise<number> {
    const [row] = await this.db.query<Array<{ n: string }>>(
      'SELECT count(*) AS n FROM audit.checkpoints_seen',
    );
    return Number(row.n);
  }

  /** Witnessed checkpoints the ledger table lost or holds with another root or head. */
  async mismatches(chain: number): Promise<CheckpointMismatch[]> {
    const rows = await this.db.query<
      Array<{ size: string; checkpoint: SignedCheckpoint; found: boolean }>
    >(
      `SELECT s.size, s.checkpoint, c.chain IS NOT NULL AS found
         FROM audit.checkpoints_seen s
         LEFT JOIN ledger.checkpoints c ON c.chain = s.chain AND c.size = s.size
        WHERE s.chain = $1
          AND (c.chain IS NULL OR encode(c.root, 'hex') <> s.checkpoint->>'root'
               OR encode(c.head_hash, 'hex') <> s.checkpoint->>'headHash')
        ORDER BY s.size LIMIT 100`,
      [chain],
    );
    return rows.map((row) => ({
      chain,
      size: Number(row.size),
      problem: row.found ? 'different' : 'missing',
      seen: row.checkpoint,
    }));
  }
}
