import { Logger } from '@nestjs/common';
import { Server, type CustomTransportStrategy, type MessageHandler } from '@nestjs/microservices';
import type { Consumer, EachBatchPayload, Kafka } from 'kafkajs';
import { isObservable, lastValueFrom } from 'rxjs';
import type { DataSource, EntityManager } from 'typeorm';
import type { TopicNames } from '@taxchain/contracts';
import { writesTogether, type SqlStatement, type TaxChainMetrics } from '@taxchain/platform';
import type { LedgerEntry } from '../ledger-entry';
import { ensureLedgerTopics } from '../relay/ledger-topics';
import type { ChainBreak } from '../verify/chain-break';
import type { ChainPosition } from '../verify/check-link';
import { checkSlice, type CheckedSlice } from './check-slice';
import type { FeedEvent } from './feed-event';
import { FeedPositions } from './feed-positions';
import { pacedFrom } from './fetch-pacing';
import { oneStatement, returnsWrites } from './feed-writes';
import { HEARTBEAT_INTERVAL_MS, keepingMembership } from './keeping-membership';
import { LedgerFeedContext } from './ledger-feed.context';
import { parseEntryMessage } from './parse-entry-message';
import { TAKE_AGAIN_ATTEMPTS, takenAgain } from './taken-again';

/** Messages applied per transaction. */
const SLICE = 500;
const SESSION_TIMEOUT_MS = 10_000;
/**
 * Kafka offsets are committed at most this often, not after every batch: the position that
 * makes the feed effectively once is the one in the database, committed with each slice, so an
 * offset committed late only means entries redelivered after a restart or a rebalance, which
 * are skipped by seq. One OffsetCommit per batch per group was a request and a log append on
 * the broker for every few entries.
 */
const OFFSET_COMMIT_INTERVAL_MS = 1_000;
/** Back-off between attempts to bring back a consumer kafkajs gave up on. */
const RESTART_FIRST_MS = 1_000;
const RESTART_MAX_MS = 30_000;

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
 * For every slice of a batch it checks each entry's link to the last one applied (duplicates
 * are skipped, a gap or broken link is recorded and the chain paused, never skipped), calls
 * the @EventPattern(kind) handler once per run of consecutive entries of that kind with the
 * run's events (FeedEvent[], in chain order, to be applied as a set), and moves the position,
 * all in one transaction: effectively once, whatever Kafka redelivers.
 */
export class LedgerFeedServer extends Server implements CustomTransportStrategy {
  private consumer?: Consumer;
  private closed = false;
  private restartTimer?: NodeJS.Timeout;
  private readonly positions: FeedPositions;
  private readonly feedLogger = new Logger(LedgerFeedServer.name);
  /**
   * Each kind's handler, looked up once: Nest's look-up tries the kind as JSON first, and a kind
   * is not JSON, so every look-up threw and caught (twice a run).
   */
  private readonly handlers = new Map<string, MessageHandler | undefined>();
  readonly lag: FeedLag = new Map();

  constructor(private readonly options: LedgerFeedOptions) {
    super();
    this.positions = new FeedPositions(options.schema);
  }

  async listen(callback: () => void): Promise<void> {
    const admin = this.options.kafka.admin();
    await admin.connect();
    try {
      await ensureLedgerTopics(admin, this.options.topics, this.options.chains);
    } finally {
      await admin.disconnect();
    }
    await this.startConsumer();
    callback();
  }

  async close(): Promise<void> {
    this.closed = true;
    clearTimeout(this.restartTimer);
    await this.consumer?.disconnect();
    this.consumer = undefined;
  }

  private async startConsumer(): Promise<void> {
    const consumer = this.options.kafka.consumer({
      groupId: this.options.groupId,
      sessionTimeout: SESSION_TIMEOUT_MS,
      heartbeatInterval: HEARTBEAT_INTERVAL_MS,
    });
    this.consumer = consumer;
    consumer.on(consumer.events.CRASH, ({ payload }) => {
      if (!payload.restart) this.restartAfterCrash(payload.error);
    });
    await consumer.connect();
    await consumer.subscribe({ topic: this.options.topics.ledgerEntries, fromBeginning: true });
    await consumer.run({
      eachBatchAutoResolve: false,
      // kafkajs's auto-commit commits after every batch whatever the interval; commitOffsetsIfNecessary honours it.
      autoCommit: false,
      autoCommitInterval: OFFSET_COMMIT_INTERVAL_MS,
      partitionsConsumedConcurrently: 4,
      eachBatch: (payload) => this.consume(payload),
    });
  }

  /**
   * kafkajs restarts a crashed consumer only after errors it deems retriable; others (such as
   * "Failed to find group coordinator" while the broker restarts) leave it stopped for good, and
   * the read model would silently fall behind forever. The feed's position lives in the database,
   * so a fresh consumer resumes exactly where the last committed slice left off.
   */
  private restartAfterCrash(error: Error, attempt = 0): void {
    if (this.closed) return;
    const delay = Math.min(RESTART_MAX_MS, RESTART_FIRST_MS * 2 ** attempt);
    this.feedLogger.warn(`feed consumer stopped (${error.message}); restarting in ${delay} ms`);
    this.restartTimer = setTimeout(() => {
      if (this.closed) return;
      this.startConsumer().catch((failed: Error) => {
        void this.consumer?.disconnect().catch(() => undefined);
        this.restartAfterCrash(failed, attempt + 1);
      });
    }, delay);
  }

  on(): void {
    // The feed has no transport-level events to subscribe to.
  }

  unwrap<T>(): T {
    if (!this.consumer) throw new Error('the ledger feed is not listening');
    return this.consumer as T;
  }

  private async consume(payload: EachBatchPayload): Promise<void> {
    const startedAt = performance.now();
    const { batch } = payload;
    const chain = batch.partition;
    // One transaction per slice, with a heartbeat between: a large batch must not outlast
    // the consumer group's session and be redelivered over and over.
    for (let start = 0; start < batch.messages.length; start += SLICE) {
      if (!payload.isRunning() || payload.isStale()) return;
      const slice = batch.messages.slice(start, start + SLICE);
      const entries = slice.map((m) => parseEntryMessage(m.value));
      const found = await keepingMembership(payload, () => this.applyTakingAgain(chain, entries));
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
    await pacedFrom(payload, startedAt);
  }

  /** applySlice, taken again when a run's handler says its writes were refused as stale. */
  private async applyTakingAgain(
    chain: number,
    entries: Array<LedgerEntry | undefined>,
  ): Promise<ChainBreak | undefined> {
    for (let attempt = 1; ; attempt++) {
      try {
        return await this.applySlice(chain, entries);
      } catch (error) {
        const kind = entries.find((e) => e && takenAgain(this.handlerOf(e.kind), error))?.kind;
        if (!kind || attempt >= TAKE_AGAIN_ATTEMPTS) throw error;
        this.feedLogger.log(
          `chain ${chain}: the ${kind} run was refused as built on what has changed since (${(error as Error).message}); taken again`,
        );
      }
    }
  }

  /**
   * Applies the entries after the chain's position, and moves it, in one transaction. Where this
   * instance's last commit left the chain is checked and moved in one statement, with the run's
   * writes when its handler returns them (RETURNS_WRITES); only when that guess is wrong
   * (another instance moved the chain since, a first slice, a break) or the slice brings nothing
   * new is the position read first.
   */
  private async applySlice(
    chain: number,
    entries: Array<LedgerEntry | undefined>,
  ): Promise<ChainBreak | undefined> {
    const last = this.positions.lastCommitted(chain);
    const expected = last && { from: last, ...checkSlice(last, entries) };
    const applied =
      (expected && (await this.applyInOneStatement(expected))) ??
      (await this.options.dataSource.transaction(async (tx) => {
        // Committed durably (synchronous_commit stays on): Kafka's offset moves after this commit,
        // so a commit a database crash took back would leave a gap that is never redelivered.
        if (
          expected &&
          expected.runs.length > 0 &&
          (await this.positions.moveFrom(tx, expected.from, expected.reached))
        )
          return this.applyChecked(tx, expected);
        const position = await this.positions.lock(tx, chain);
        if (position.broken) return undefined;
        const checked = checkSlice(position, entries);
        if (checked.runs.length > 0) await this.positions.move(tx, checked.reached);
        return this.applyChecked(tx, checked);
      }));
    this.positions.remember(chain, applied && !applied.broken ? applied.reached : undefined);
    return applied?.broken;
  }

  /**
   * A slice that is one run, of a kind whose handler returns its writes or of no handler at all,
   * from where this instance left the chain: the writes and the position move as one statement,
   * committed on its own (durably, like the transaction). Undefined, with nothing written, for
   * any other slice, or when the position is not where this instance left it (the move refuses
   * and the statement fails whole): the slice then goes the way above.
   */
  private async applyInOneStatement(
    expected: CheckedSlice & { from: ChainPosition },
  ): Promise<CheckedSlice | undefined> {
    if (expected.runs.length !== 1 || expected.broken) return undefined;
    const handler = this.handlerOf(expected.runs[0][0].kind);
    if (handler && !returnsWrites(handler)) return undefined;
    const writes = handler ? await this.writesOf(handler, expected.runs[0]) : [];
    // The move is the statement's main part, the writes its WITH: PostgreSQL runs the main part
    // before the WITH parts nobody reads, so a refused move fails the statement before any write
    // is tried (a write failing first, on a duplicate say, would be retried instead of the slice
    // going the locking way). Whichever fails, the statement writes nothing.
    const { text, values } = writesTogether(
      writes,
      this.positions.guardedMove(expected.from, expected.reached),
    );
    try {
      await this.options.dataSource.query(text, values);
      return expected;
    } catch (error) {
      if (this.positions.refusedMove(error)) return undefined;
      throw error;
    }
  }

  /** The runs of a checked slice, and its break if any, once its position has moved. */
  private async applyChecked(tx: EntityManager, checked: CheckedSlice): Promise<CheckedSlice> {
    for (const run of checked.runs) await this.dispatch(tx, run);
    if (checked.broken) await this.positions.markBroken(tx, checked.broken);
    return checked;
  }

  /** One run of entries of one kind goes to its handler as one set of events. */
  private async dispatch(tx: EntityManager, run: LedgerEntry[]): Promise<void> {
    const handler = this.handlerOf(run[0].kind);
    if (!handler) return;
    if (returnsWrites(handler)) {
      const writes = await this.writesOf(handler, run);
      if (writes.length > 0) {
        const { text, values } = oneStatement(writes);
        await tx.query(text, values);
      }
      return;
    }
    await this.handle(handler, run, new LedgerFeedContext([tx]));
  }

  private handlerOf(kind: string): MessageHandler | undefined {
    if (!this.handlers.has(kind))
      this.handlers.set(kind, this.getHandlerByPattern(kind) ?? undefined);
    return this.handlers.get(kind);
  }

  /** What a RETURNS_WRITES handler would write for a run (it is given no transaction). */
  private async writesOf(handler: MessageHandler, run: LedgerEntry[]): Promise<SqlStatement[]> {
    return ((await this.handle(handler, run, undefined)) as SqlStatement[] | undefined) ?? [];
  }

  private async handle(
    handler: MessageHandler,
    run: LedgerEntry[],
    ctx: LedgerFeedContext | undefined,
  ): Promise<unknown> {
    const events: FeedEvent[] = run.map((entry) => ({
      entry,
      payload: JSON.parse(entry.payload) as unknown,
    }));
    const result: unknown = await handler(events, ctx);
    return isObservable(result) ? lastValueFrom(result, { defaultValue: undefined }) : result;
  }
}
