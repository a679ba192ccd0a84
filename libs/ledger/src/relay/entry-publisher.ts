import type { Producer } from 'kafkajs';
import type { DataSource } from 'typeorm';
import type { TopicNames } from '@taxchain/contracts';
import { ENTRY_COLUMNS, toEntry, type EntryRow } from '../storage/entry-row';
import {
  checkpointFromRow,
  CHECKPOINT_COLUMNS,
  type CheckpointRow,
} from '../storage/checkpoint-row';

const PAGE = 1_000;

/**
 * The outbox relay for one chain: reads what is past the published watermark in
 * seq order, sends it (acks from all in-sync replicas), then moves the watermark.
 * A crash between the two re-sends; consumers deduplicate by seq.
 */
export class EntryPublisher {
  constructor(
    private readonly dataSource: DataSource,
    private readonly producer: Producer,
    private readonly chain: number,
    private readonly topics: TopicNames,
  ) {}

  /** Publishes one page of entries; returns how many were sent and how many remain. */
  async publishEntries(): Promise<{ sent: number; lag: number }> {
    const [mark] = await this.dataSource.query<Array<{ entries_seq: string; head: string }>>(
      `SELECT w.entries_seq, h.seq AS head FROM ledger.relay_watermarks w JOIN ledger.heads h USING (chain)
       WHERE w.chain = $1`,
      [this.chain],
    );
    const rows = await this.dataSource.query<EntryRow[]>(
      `SELECT ${ENTRY_COLUMNS} FROM ledger.entries WHERE chain = $1 AND seq > $2 ORDER BY seq LIMIT ${PAGE}`,
      [this.chain, mark.entries_seq],
    );
    const lag = Number(mark.head) - Number(mark.entries_seq);
    if (rows.length === 0) return { sent: 0, lag };
    const entries = rows.map(toEntry);
    await this.producer.send({
      topic: this.topics.ledgerEntries,
      acks: -1,
      messages: entries.map((entry) => ({
        partition: this.chain,
        key: entry.subject,
        value: JSON.stringify(entry),
        headers: { kind: entry.kind },
      })),
    });
    await this.dataSource.query(
      'UPDATE ledger.relay_watermarks SET entries_seq = $2 WHERE chain = $1',
      [this.chain, entries[entries.length - 1].seq],
    );
    return { sent: entries.length, lag: lag - entries.length };
  }

  /** Publishes checkpoints not yet sent: they leave the database so a rewrite is caught. */
  async publishCheckpoints(): Promise<number> {
    const rows = await this.dataSource.query<CheckpointRow[]>(
      `SELECT ${CHECKPOINT_COLUMNS} FROM ledger.checkpoints
       WHERE chain = $1 AND size > (SELECT checkpoints_size FROM ledger.relay_watermarks WHERE chain = $1)
       ORDER BY size`,
      [this.chain],
    );
    if (rows.length === 0) return 0;
    const checkpoints = rows.map(checkpointFromRow);
    await this.producer.send({
      topic: this.topics.ledgerCheckpoints,
      acks: -1,
      messages: checkpoints.map((checkpoint) => ({
        partition: this.chain,
        key: String(this.chain),
        value: JSON.stringify(checkpoint),
      })),
    });
    await this.dataSource.query(
      'UPDATE ledger.relay_watermarks SET checkpoints_size = $2 WHERE chain = $1',
      [this.chain, checkpoints[checkpoints.length - 1].size],
    );
    return checkpoints.length;
  }
}
