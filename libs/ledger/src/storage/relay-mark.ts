import type { Queryable } from './queryable';

/** Where a chain's relay stands, read in one round trip at the start of each of its rounds. */
export interface RelayMark {
  /** The last entry seq published to Kafka (-1 before the first). */
  published: number;
  /** The chain's head seq (-1 while empty). */
  head: number;
  /** The size of the last checkpoint sealed (0 before the first). */
  sealed: number;
  /** The size of the last checkpoint published to Kafka. */
  checkpointsPublished: number;
}

/** The relay's watermarks beside the chain's head and its last sealed size. */
export async function readRelayMark(db: Queryable, chain: number): Promise<RelayMark> {
  const [row] = await db.query<
    Array<{ entries_seq: string; head: string; sealed: string; checkpoints_size: string }>
  >(
    `SELECT w.entries_seq, h.seq AS head, w.checkpoints_size,
            COALESCE((SELECT max(size) FROM ledger.checkpoints c WHERE c.chain = w.chain), 0) AS sealed
       FROM ledger.relay_watermarks w JOIN ledger.heads h USING (chain)
      WHERE w.chain = $1`,
    [chain],
  );
  return {
    published: Number(row.entries_seq),
    head: Number(row.head),
    sealed: Number(row.sealed),
    checkpointsPublished: Number(row.checkpoints_size),
  };
}
