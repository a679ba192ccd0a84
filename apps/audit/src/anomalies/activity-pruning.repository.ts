import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';

/** Deletes the burst detector's old activity (audit.seller_activity and its per-bucket counts). */
@Injectable()
export class ActivityPruningRepository {
  constructor(private readonly db: DataSource) {}

  /**
   * When the entry each chain's feed has applied last was recorded, the earliest of them: an
   * entry still to come was recorded no earlier than its chain's. Undefined while any of the
   * `chains` has applied none, whose first entry may be from any time.
   */
  async appliedThrough(chains: number): Promise<Date | undefined> {
    const [row] = await this.db.query<Array<{ chains: number; at: Date | null }>>(
      `SELECT count(*)::integer AS chains, min(t.recorded_at) AS at
         FROM audit.feed_positions p JOIN audit.trail t ON t.chain = p.chain AND t.seq = p.seq
        WHERE p.chain < $1`,
      [chains],
    );
    return row.chains === chains && row.at ? row.at : undefined;
  }

  /**
   * Deletes up to `limit` rows of each table from before `cutoff`, which falls on a boundary of
   * every bucket width, so that a bucket goes with the very invoices it counts; returns the
   * most deleted from one table. Rows found by a scan, not an index: kept off the feed's
   * writes, and the oldest rows are near the start of the table.
   */
  async deleteBefore(cutoff: Date, limit: number): Promise<number> {
    const [, buckets] = await this.db.query<[unknown, number]>(
      `DELETE FROM audit.seller_activity_counts
        WHERE ctid = ANY(ARRAY(SELECT ctid FROM audit.seller_activity_counts
                                WHERE (bucket + 1) * span * 1000 <= $1 LIMIT $2))
          AND (bucket + 1) * span * 1000 <= $1`,
      [cutoff.getTime(), limit],
    );
    const [, invoices] = await this.db.query<[unknown, number]>(
      `DELETE FROM audit.seller_activity
        WHERE ctid = ANY(ARRAY(SELECT ctid FROM audit.seller_activity
                                WHERE recorded_at < $1 LIMIT $2))
          AND recorded_at < $1`,
      [cutoff, limit],
    );
    return Math.max(buckets, invoices);
  }
}
