import { Logger } from '@nestjs/common';
import { Server, type CustomTransportStrategy } from '@nestjs/microservices';
import type { Consumer, EachBatchPayload, Kafka } from 'kafkajs';
import { isObservable, lastValueFrom } from 'rxjs';
import type { DataSource, EntityManager } from 'typeorm';
import type { TopicNames } from '@taxchain/contracts';
import type { TaxChainMetrics } from '@taxchain/platform';
import type { LedgerEntry } from '../ledger-entry';
import { ensureLedgerTopics } from '../relay/ledger-topics';
import type { ChainBreak } from '../verify/chain-break';
import { advance, checkLink, type ChainPosition } from '../verify/check-link';
import { FeedPositions } from './feed-positions';
import { LedgerFeedContext } from './ledger-feed.context';
import { parseEntryMessage } from './parse-entry-message';

/** Entries applied per transaction (and between heartbeats). */
const SLICE = 200;

export interface LedgerFeedOptions {
  kafka: Kafka;
  dataSource: DataSource;
  groupId: string;
  /** The ledger topics (under the deployment's prefix) and the chain count they are partitioned by. */
  topics: TopicNames;
  chains: number;
  /** The consuming service's schema, holding feed_positions and feed_breaks. */
  schema: string;
  /** Called once per break, after it is recorded (alerts, anomalies). */
  onBreak?: (found: ChainBreak) => void | Promise<void>;
  /** Where consumer lag is exported (kafka_consumer_lag_messages). */
  metrics?: TaxChainMetrics;
}

/** Consumer group lag per partition, as last seen by this instance. */
export type FeedLag = Map<number, number>;

/**
 * A Nest transport that consumes the ledger feed: each Kafka partition is one chain.
 * For every batch it checks each entry's link to the last one applied (duplicates are
 * skipped, a gap or broken link is recorded and the chain paused, never skipped), calls
 * the @EventPattern(kind) handler, and moves the position, all in one transaction:
 * effectively once, whatever Kafka redelivers.
 */
export class LedgerFeedServer extends Server implements CustomTransportStrategy {
  private consumer?: Consumer;
  private readonly positions: FeedPositions;
  private readonly feedLogger = new Logger(LedgerFeedServer.name);
  readonly lag: FeedLag = new Map();

  constructor(private readonly options: LedgerFeedOptions) {
    super();
    this.positions = new FeedPositions(options.schema);
  }

  async listen(callback: () => void): Promise<void> {
    const consumer = this.options.kafka.consumer({
      groupId: this.options.groupId,
      sessionTimeout: 10_000,
      heartbeatInterval: 1_000,
    });
    this.consumer = consumer;
    const admin = this.options.kafka.admin();
    await admin.connect();
    try {
      await ensureLedgerTopics(admin, this.options.topics, this.options.chains);
    } finally {
      await admin.disconnect();
    }
    await consumer.connect();
    await consumer.subscribe({ topic: this.options.topics.ledgerEntries, fromBeginning: true });
    await consumer.run({
      eachBatchAutoResolve: false,
      partitionsConsumedConcurrently: 4,
      eachBatch: (payload) => this.consume(payload),
    });
    callback();
  }

  async close(): Promise<void> {
    await this.consumer?.disconnect();
    this.consumer = undefined;
  }

  on(): void {
    // The feed has no transport-level events to subscribe to.
  }

  unwrap<T>(): T {
    if (!this.consumer) throw new Error('the ledger feed is not listening');
    return this.consumer as T;
  }

  private async consume(payload: EachBatchPayload): Promise<void> {
    const { batch } = payload;
    const chain = batch.partition;
    // One transaction per slice, with a heartbeat between: a large batch must not outlast
    // the consumer group's session and be redelivered over and over.
    for (let start = 0; start < batch.messages.length; start += SLICE) {
      if (!payload.isRunning() || payload.isStale()) return;
      const slice = batch.messages.slice(start, start + SLICE);
      const found = await this.applySlice(
        chain,
        slice.map((m) => parseEntryMessage(m.value)),
      );
      if (found) {
        this.feedLogger.error(
          `chain ${found.chain} broken at seq ${found.seq}: ${found.reason} (${found.detail})`,
        );
        this.consumer?.pause([{ topic: batch.topic, partitions: [chain] }]);
        await this.options.onBreak?.(found);
        return;
      }
      const lastOffset = slice[slice.length - 1].offset;
      payload.resolveOffset(lastOffset);
      const lag = Math.max(0, Number(batch.highWatermark) - Number(lastOffset) - 1);
      this.lag.set(chain, lag);
      this.options.metrics?.kafkaConsumerLagMessages.set(
        { group: this.options.groupId, topic: batch.topic, partition: String(chain) },
        lag,
      );
      await payload.commitOffsetsIfNecessary();
      await payload.heartbeat();
    }
  }

  /** Applies entries after the chain's position, and moves it, in one transaction. */
  private applySlice(
    chain: number,
    entries: Array<LedgerEntry | undefined>,
  ): Promise<ChainBreak | undefined> {
    return this.options.dataSource.transaction(async (tx) => {
      // Committed durably (synchronous_commit stays on): Kafka's offset moves after this commit,
      // so a commit a database crash took back would leave a gap that is never redelivered.
      const position = await this.positions.lock(tx, chain);
      if (position.broken) return undefined;
      const { reached, broken } = await this.apply(tx, position, entries);
      await this.positions.move(tx, reached);
      if (broken) await this.positions.markBroken(tx, broken);
      return broken;
    });
  }

  private async apply(
    tx: EntityManager,
    start: ChainPosition,
    entries: Array<LedgerEntry | undefined>,
  ): Promise<{ reached: ChainPosition; broken?: ChainBreak }> {
    let position = start;
    for (const entry of entries) {
      if (!entry)
        return {
          reached: position,
          broken: {
            chain: start.chain,
            seq: position.seq + 1,
            reason: 'hash-mismatch',
            detail: 'message is not a ledger entry',
          },
        };
      if (entry.seq <= position.seq) continue; // redelivered: already applied
      const broken = checkLink(position, entry);
      if (broken) return { reached: position, broken };
      await this.dispatch(tx, entry);
      position = advance(entry);
    }
    return { reached: position };
  }

  private async dispatch(tx: EntityManager, entry: LedgerEntry): Promise<void> {
    const handler = this.getHandlerByPattern(entry.kind);
    if (!handler) return;
    const result: unknown = await handler(
      JSON.parse(entry.payload),
      new LedgerFeedContext([tx, entry]),
    );
    if (isObservable(result)) await lastValueFrom(result, { defaultValue: undefined });
  }
}
