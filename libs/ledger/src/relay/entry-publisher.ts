import type { Producer } from 'kafkajs';
import type { DataSource } from 'typeorm';
import type { TopicNames } from '@taxchain/contracts';
import { readRelayMark, type RelayMark } from '../storage/relay-mark';
import { relayPage, type RelayedEntry } from '../storage/relay-page';
import {
  checkpointFromRow,
  CHECKPOINT_COLUMNS,
  type CheckpointRow,
} from '../storage/checkpoint-row';

const PAGE = 1_000;
/**
 * Bytes of entries per produce request: a chain's messages form one record batch, which the
 * broker refuses above its message.max.bytes (1 MiB by default); a backlog page of large
 * invoices would otherwise be refused over and over and the relay would never catch up.
 */
const REQUEST_BYTES = 512 * 1024;

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

  /** The page after `after`, already being read. */
  private ahead?: { after: number; page: Promise<RelayedEntry[]> };

  /** Where the chain's relay stands: read once at the start of each round. */
  mark(): Promise<RelayMark> {
    return readRelayMark(this.dataSource, this.chain);
  }

  /**
   * Publishes one page of the entries past the mark; returns how many were sent, how many
   * remain, and whether the chain is settled: everything appended is published and no append is
   * in flight, so the worker may sleep until woken.
   */
  async publishEntries(mark: RelayMark): Promise<{ sent: number; lag: number; settled: boolean }> {
    const ahead = this.ahead;
    this.ahead = undefined;
    const lag = mark.head - mark.published;
    const entries =
      ahead?.after === mark.published
        ? await ahead.page
        : lag > 0
          ? await this.page(mark.published)
          : [];
    if (entries.length === 0) return { sent: 0, lag, settled: await this.settled(mark.head) };
    const last = entries[entries.length - 1].seq;
    // The next page is read while this one is sent: the database and the broker overlap.
    if (entries.length === PAGE) this.ahead = { after: last, page: this.page(last) };
    for (const chunk of byteBounded(entries, REQUEST_BYTES))
      await this.producer.send({
        topic: this.topics.ledgerEntries,
        acks: -1,
        messages: chunk.map((entry) => ({
          partition: this.chain,
          key: entry.subject,
          value: entry.json,
          headers: { kind: entry.kind },
        })),
      });
    // Not worth a WAL flush: a watermark a crash takes back only republishes entries, which
    // every consumer skips by seq. One statement, its own transaction (no BEGIN, SET, COMMIT).
    await this.dataSource.query(
      `WITH async AS (SELECT set_config('synchronous_commit', 'off', true))
       UPDATE ledger.relay_watermarks SET entries_seq = $2 FROM async WHERE chain = $1`,
      [this.chain, last],
    );
    // Published up to the head the mark read: settled unless an append has committed since, or
    // is in flight (an append that found this relay busy sent no NOTIFY).
    const settled = last === mark.head && !this.ahead && (await this.settled(last));
    return { sent: entries.length, lag: mark.head - last, settled };
  }

  private page(after: number): Promise<RelayedEntry[]> {
    const page = relayPage(this.dataSource, this.chain, after, PAGE);
    // Read ahead: discarded unread when the send fails or another leader moved the watermark.
    page.catch(() => undefined);
    return page;
  }

  /**
   * Whether no append committed after the head was read: waits for an append in flight (it holds
   * the head row) so that one which skipped NOTIFY, because this relay was busy, is seen here.
   */
  private async settled(headRead: number): Promise<boolean> {
    const [head] = await this.dataSource.query<Array<{ seq: string }>>(
      'SELECT seq FROM ledger.heads WHERE chain = $1 FOR SHARE',
      [this.chain],
    );
    return Number(head.seq) === headRead;
  }

  /**
   * Publishes checkpoints not yet sent: they leave the database so a rewrite is caught. The
   * worker calls it when the mark shows one sealed and not published, or after it sealed one.
   */
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

/** Consecutive runs of entries of at most `limit` bytes each (an entry larger alone goes alone). */
export function byteBounded(entries: RelayedEntry[], limit: number): RelayedEntry[][] {
  const chunks: RelayedEntry[][] = [];
  let chunk: RelayedEntry[] = [];
  let bytes = 0;
  for (const entry of entries) {
    const size = Buffer.byteLength(entry.json) + Buffer.byteLength(entry.subject);
    if (chunk.length > 0 && bytes + size > limit) {
      chunks.push(chunk);
      chunk = [];
      bytes = 0;
    }
    chunk.push(entry);
    bytes += size;
  }
  if (chunk.length > 0) chunks.push(chunk);
  return chunks;
}
