import type { SqlStatement } from '@taxchain/platform';
import type { EntityManager } from 'typeorm';
import { GENESIS_PREV_HASH } from '../crypto';
import type { ChainBreak } from '../verify/chain-break';
import type { ChainPosition } from '../verify/check-link';

/**
 * The first statement of a feed transaction sets the rest of it to run their prepared statements
 * with generic plans: a run's set statements (unnest of arrays, upserts on keys) plan the same
 * whatever the run holds, yet PostgreSQL plans a prepared statement anew on its first five calls
 * on each connection (and later whenever a custom plan's estimate beats the generic one's), and
 * with the pool's connections taking turns nearly every run was planned, which cost about as much
 * as executing it. Local to the transaction: the service's other queries plan as before.
 */
const GENERIC_PLANS = `plans AS (SELECT set_config('plan_cache_mode', 'force_generic_plan', true))`;

const NOT_NULL_VIOLATION = '23502';

/** Reads and moves a consumer's per-chain position inside the caller's transaction. */
export class FeedPositions {
  /**
   * Where this instance's last committed slice left each chain. The row stays the truth: this
   * is only a guess of it, which `moveFrom` checks in the same statement that moves the row.
   */
  private readonly committed = new Map<number, ChainPosition>();

  constructor(private readonly schema: string) {}

  /** Where this instance's last commit left the chain, if it remembers one. */
  lastCommitted(chain: number): ChainPosition | undefined {
    return this.committed.get(chain);
  }

  /** To call once a slice's transaction has committed: undefined forgets the chain. */
  remember(chain: number, position: ChainPosition | undefined): void {
    if (position) this.committed.set(chain, position);
    else this.committed.delete(chain);
  }

  /**
   * Locks the chain's position row for this transaction (creating it at -1), in one round trip:
   * the no-op update on conflict takes the row lock and returns the row.
   */
  async lock(tx: EntityManager, chain: number): Promise<ChainPosition & { broken: boolean }> {
    const [row] = await tx.query<Array<{ seq: string; hash: Buffer; broken: boolean }>>(
      `WITH ${GENERIC_PLANS}
       INSERT INTO "${this.schema}".feed_positions AS p (chain, seq, hash)
       SELECT $1::integer, -1, $2::bytea FROM plans
       ON CONFLICT (chain) DO UPDATE SET chain = p.chain
       RETURNING p.seq, p.hash, p.broken`,
      [chain, Buffer.from(GENESIS_PREV_HASH, 'hex')],
    );
    return { chain, seq: Number(row.seq), hash: row.hash.toString('hex'), broken: row.broken };
  }

  /**
   * Locks and moves the chain's position in one round trip if it is still `from` and unbroken;
   * false (nothing locked or moved) if another instance moved or broke it since. A concurrent
   * mover holds the row lock until it commits, and the row is then checked again as it stands.
   */
  async moveFrom(tx: EntityManager, from: ChainPosition, to: ChainPosition): Promise<boolean> {
    const [rows] = await tx.query<[unknown[], number]>(
      `WITH ${GENERIC_PLANS}
       UPDATE "${this.schema}".feed_positions SET seq = $4, hash = $5, updated_at = now()
         FROM plans WHERE chain = $1 AND seq = $2 AND hash = $3 AND NOT broken
       RETURNING chain`,
      [from.chain, from.seq, Buffer.from(from.hash, 'hex'), to.seq, Buffer.from(to.hash, 'hex')],
    );
    return rows.length === 1;
  }

  /**
   * Moves the chain's position from `from` to `to`, or fails the whole statement it is part of:
   * for a write that must run in the same statement as the move, with no transaction around it
   * (a data-modifying CTE cannot hold back the statement's other parts). If the row is not at
   * `from` (another instance moved or broke the chain since), the new seq is NULL and the row's
   * NOT NULL refuses it (`refusedMove`); a concurrent mover holds the row lock until it commits,
   * and the row is then checked again as it stands. The row exists: `from` was read or moved by
   * a commit of this instance, and positions are never deleted.
   */
  guardedMove(from: ChainPosition, to: ChainPosition): SqlStatement {
    return {
      text: `UPDATE "${this.schema}".feed_positions
          SET seq = CASE WHEN seq = $2::bigint AND hash = $3::bytea AND NOT broken THEN $4::bigint END,
              hash = $5::bytea, updated_at = now()
        WHERE chain = $1::integer`,
      values: [
        from.chain,
        from.seq,
        Buffer.from(from.hash, 'hex'),
        to.seq,
        Buffer.from(to.hash, 'hex'),
      ],
    };
  }

  /** Whether a statement failed on `guardedMove`'s refusal (and so wrote nothing at all). */
  refusedMove(error: unknown): boolean {
    const failed = error as { code?: string; schema?: string; table?: string; column?: string };
    return (
      failed.code === NOT_NULL_VIOLATION &&
      failed.schema === this.schema &&
      failed.table === 'feed_positions' &&
      failed.column === 'seq'
    );
  }

  async move(tx: EntityManager, position: ChainPosition): Promise<void> {
    await tx.query(
      `UPDATE "${this.schema}".feed_positions SET seq = $2, hash = $3, updated_at = now() WHERE chain = $1`,
      [position.chain, position.seq, Buffer.from(position.hash, 'hex')],
    );
  }

  async markBroken(tx: EntityManager, found: ChainBreak): Promise<void> {
    await tx.query(`UPDATE "${this.schema}".feed_positions SET broken = true WHERE chain = $1`, [
      found.chain,
    ]);
    await tx.query(
      `INSERT INTO "${this.schema}".feed_breaks (chain, seq, reason, detail) VALUES ($1, $2, $3, $4) ON CONFLICT DO NOTHING`,
      [found.chain, found.seq, found.reason, found.detail],
    );
  }
}
