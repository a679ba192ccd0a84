import { randomUUID } from 'node:crypto';
import { Controller, Module, type INestApplication } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { Ctx, EventPattern, Payload } from '@nestjs/microservices';
import { Kafka, logLevel, Partitioners, type Consumer, type ConsumerConfig } from 'kafkajs';
import { DataSource } from 'typeorm';
import { topicNames } from '@taxchain/contracts';
import { PlatformModule, kafkaConfig, type SqlStatement } from '@taxchain/platform';
import { createTestDatabase, testConfig, type TestDatabase } from '@taxchain/platform/testing';
import { LedgerAppender } from '../append/ledger-appender';
import { generateSecretKey, toHex } from '../crypto';
import { LedgerModule } from '../ledger.module';
import type { LedgerEntry } from '../ledger-entry';
import { ledgerMigrations } from '../migrations';
import { toEntry, type EntryRow } from '../storage/entry-row';
import type { FeedEvent } from './feed-event';
import { createFeedTables } from './feed-tables';
import { LedgerFeedContext } from './ledger-feed.context';
import { LedgerFeedServer } from './ledger-feed.server';
import { RETURNS_WRITES } from './feed-writes';
import { FETCH_PACING_MS } from './fetch-pacing';
import { TAKE_AGAIN_ATTEMPTS } from './taken-again';

const prefix = `t${randomUUID().slice(0, 8)}.`;
const topics = topicNames(prefix);

/** How long the slow handler holds its slice's transaction: beyond the group's session timeout. */
const SLOW_MS = 11_500;
let staleRefusals = 0;
let staleBuilds = 0;

@Controller()
class ReadModel {
  @EventPattern('test.recorded')
  async record(@Payload() events: FeedEvent[], @Ctx() context: LedgerFeedContext): Promise<void> {
    await context.tx.query(
      'INSERT INTO feedtest.applied (subject, n) SELECT * FROM unnest($1::text[], $2::int[])',
      [events.map((e) => e.entry.subject), events.map((e) => (e.payload as { n: number }).n)],
    );
  }

  @EventPattern('test.written', RETURNS_WRITES)
  written(@Payload() events: FeedEvent[]): SqlStatement[] {
    return [
      {
        text: 'INSERT INTO feedtest.applied (subject, n) SELECT * FROM unnest($1::text[], $2::int[])',
        values: [
          events.map((e) => e.entry.subject),
          events.map((e) => (e.payload as { n: number }).n),
        ],
      },
    ];
  }

  /** Its first runs (staleRefusals of them) are built stale: their statement is refused. */
  @EventPattern('test.stale', { ...RETURNS_WRITES, takenAgainWhen: refusedAsStale })
  stale(@Payload() events: FeedEvent[]): SqlStatement[] {
    staleBuilds++;
    const n = staleRefusals-- > 0 ? null : 1;
    return [
      {
        text: 'INSERT INTO feedtest.applied (subject, n) SELECT s, $2::int FROM unnest($1::text[]) s',
        values: [events.map((e) => e.entry.subject), n],
      },
    ];
  }

  @EventPattern('test.slow')
  async slow(@Payload() events: FeedEvent[], @Ctx() context: LedgerFeedContext): Promise<void> {
    await new Promise((done) => setTimeout(done, SLOW_MS));
    await context.tx.query(
      'INSERT INTO feedtest.applied (subject, n) SELECT s, 0 FROM unnest($1::text[]) s',
      [events.map((e) => e.entry.subject)],
    );
  }
}

/** Whether an error is test.stale's refusal: its NULL where feedtest.applied wants an n. */
function refusedAsStale(error: unknown): boolean {
  const cause = (error as { driverError?: { code?: string; column?: string } }).driverError;
  return cause?.code === '23502' && cause.column === 'n';
}

@Module({ controllers: [ReadModel] })
class ReadModelModule {}

describe(LedgerFeedServer.name, () => {
  let database: TestDatabase;
  let writer: INestApplication;
  let reader: INestApplication;
  let readerData: DataSource;
  let feed: LedgerFeedServer;
  /** What kafkajs logged at ERROR, as an operator would see it. */
  const kafkaErrors: string[] = [];
  const kafka = new Kafka({
    ...kafkaConfig(testConfig('postgres://x@127.0.0.1/x'), 'feed-test'),
    logCreator: () => (entry) => {
      if (entry.level === logLevel.ERROR)
        kafkaErrors.push(`[${entry.namespace}] ${entry.log.message}`);
    },
  });

  const applied = async () =>
    Number(
      (await readerData.query<Array<{ n: string }>>('SELECT count(*) n FROM feedtest.applied'))[0]
        .n,
    );

  beforeAll(async () => {
    database = await createTestDatabase([ledgerMigrations]);
    const config = testConfig(database.url, {
      LEDGER_CHAINS: '2',
      KAFKA_TOPIC_PREFIX: prefix,
      CHECKPOINT_INTERVAL_MS: '100',
      AUTHORITY_KEY: toHex(generateSecretKey()),
    });
    @Module({ imports: [PlatformModule.forService(config), LedgerModule] })
    class WriterModule {}
    writer = await NestFactory.create(WriterModule, { logger: false });
    await writer.init();

    readerData = await new DataSource({ type: 'postgres', url: database.url }).initialize();
    await readerData.query(
      'CREATE SCHEMA feedtest; CREATE TABLE feedtest.applied (subject text PRIMARY KEY, n int NOT NULL)',
    );
    const runner = readerData.createQueryRunner();
    await createFeedTables(runner, 'feedtest');
    await runner.release();
    feed = new LedgerFeedServer({
      kafka: failingOnDemand(kafka),
      dataSource: readerData,
      groupId: `feed-test-${randomUUID()}`,
      topics,
      chains: 2,
      schema: 'feedtest',
    });
    reader = await NestFactory.create(ReadModelModule, { logger: false });
    reader.connectMicroservice({ strategy: feed });
    await reader.startAllMicroservices();
  });

  afterAll(async () => {
    await reader?.close();
    await writer?.close();
    await readerData?.destroy();
    await database?.drop();
  });

  async function appendMany(count: number, from = 0, kind = 'test.recorded'): Promise<void> {
    const appender = writer.get(LedgerAppender);
    await Promise.all(
      Array.from({ length: count }, (_, i) => {
        const subject = `subject-${from + i}`;
        return appender.commit({
          subject,
          run: async () => ({
            value: null,
            entries: [
              {
                kind,
                subject,
                actor: 't',
                payload: { n: from + i },
                identity: subject,
              },
            ],
          }),
        });
      }),
    );
  }

  it('relays every entry in chain order to a consumer group, applied exactly once', async () => {
    await appendMany(300);
    await waitFor(async () => (await applied()) === 300);
    const positions = await readerData.query<Array<{ chain: number; seq: string }>>(
      'SELECT chain, seq FROM feedtest.feed_positions ORDER BY chain',
    );
    const heads = await readerData.query<Array<{ chain: number; seq: string }>>(
      'SELECT chain, seq FROM ledger.heads ORDER BY chain',
    );
    expect(positions).toEqual(heads);
  });

  it('seals checkpoints and publishes them', async () => {
    await waitFor(async () => {
      const [row] = await readerData.query<Array<{ n: string }>>(
        'SELECT sum(checkpoints_size) n FROM ledger.relay_watermarks',
      );
      return Number(row.n) === 300;
    });
  });

  it('ignores redelivered and duplicated events', async () => {
    const producer = kafka.producer({ createPartitioner: Partitioners.DefaultPartitioner });
    await producer.connect();
    const rows = await readerData.query<Array<{ chain: number; seq: string }>>(
      'SELECT chain, seq FROM ledger.entries ORDER BY chain, seq LIMIT 50',
    );
    const entries = await Promise.all(rows.map((r) => readEntry(r.chain, Number(r.seq))));
    await producer.send({
      topic: topics.ledgerEntries,
      messages: entries.map((e) => ({
        partition: e.chain,
        key: e.subject,
        value: JSON.stringify(e),
      })),
    });
    await producer.disconnect();
    await appendMany(10, 300);
    await waitFor(async () => (await applied()) === 310);
    expect(await applied()).toBe(310);
  });

  it('keeps its group membership through a slice that outlasts the session timeout', async () => {
    const consumer = feed.unwrap<Consumer>();
    let joins = 0;
    const stopCounting = consumer.on(consumer.events.GROUP_JOIN, () => {
      joins += 1;
    });
    try {
      await appendMany(1, 400, 'test.slow');
      await waitFor(async () => (await applied()) === 311, SLOW_MS + 20_000);
      await appendMany(5, 401);
      await waitFor(async () => (await applied()) === 316);
      // A member thrown out of its group re-joins: its partitions move and the slice is redone.
      expect(joins).toBe(0);
    } finally {
      stopCounting();
    }
  }, 60_000);

  it('comes back by itself after kafkajs stops its consumer for good, losing nothing', async () => {
    const before = await applied();
    let crashed = false;
    const consumer = feed.unwrap<Consumer>();
    consumer.on(consumer.events.CRASH, ({ payload }) => {
      crashed = !payload.restart;
    });
    failNextBatch = true;
    await appendMany(6, 500);
    await waitFor(async () => (await applied()) === before + 6, 40_000);
    expect(crashed).toBe(true);
    expect(await applied()).toBe(before + 6);
  }, 60_000);

  it('takes a run its handler says was refused as stale again at once, its consumer running on', async () => {
    const before = await applied();
    const errorsBefore = kafkaErrors.length;
    staleRefusals = 1;
    staleBuilds = 0;
    await appendMany(1, 2_000, 'test.stale');
    await waitFor(async () => (await applied()) === before + 1);
    expect(staleBuilds).toBe(2);
    // Not handed to kafkajs, which would log it as an ERROR and fetch the batch again later.
    expect(kafkaErrors.slice(errorsBefore)).toEqual([]);

    // A refusal that lasts goes to kafkajs after TAKE_AGAIN_ATTEMPTS, and is still applied.
    staleRefusals = TAKE_AGAIN_ATTEMPTS;
    staleBuilds = 0;
    await appendMany(1, 2_001, 'test.stale');
    await waitFor(async () => (await applied()) === before + 2, 40_000);
    expect(staleBuilds).toBe(TAKE_AGAIN_ATTEMPTS + 1);
    expect(kafkaErrors.slice(errorsBefore)).toContain('[Runner] Error when calling eachBatch');
  }, 60_000);

  it.each([
    ['its transaction', 'test.recorded', 600],
    ['the writes it returns', 'test.written', 800],
  ])(
    'applies nothing twice after another instance moved its chains on meanwhile (%s)',
    async (_, kind, from) => {
      const before = await applied();
      // "Another instance" applies the next entries and moves every chain's position past them,
      // while this feed waits for the positions to apply the same entries itself.
      const other = readerData.createQueryRunner();
      await other.startTransaction();
      try {
        await other.query('LOCK TABLE feedtest.feed_positions IN EXCLUSIVE MODE');
        await appendMany(6, from, kind);
        await other.query(
          `INSERT INTO feedtest.applied (subject, n)
         SELECT e.subject, (e.payload::jsonb ->> 'n')::int
           FROM ledger.entries e JOIN feedtest.feed_positions p USING (chain)
          WHERE e.seq > p.seq`,
        );
        await other.query(
          `UPDATE feedtest.feed_positions p SET seq = h.seq, hash = h.hash
           FROM ledger.heads h WHERE h.chain = p.chain`,
        );
        await other.commitTransaction();
      } finally {
        await other.release();
      }
      await appendMany(4, from + 6, kind);
      await waitFor(async () => (await applied()) === before + 10);
      expect(await readerData.query('SELECT * FROM feedtest.feed_breaks')).toEqual([]);
    },
  );

  it('commits a run whose handler returns its writes with the position in one statement', async () => {
    const before = await applied();
    const transaction = jest.spyOn(readerData, 'transaction');
    try {
      await appendMany(20, 900, 'test.written');
      await waitFor(async () => (await applied()) === before + 20);
      // Every chain's position was left by this instance: no BEGIN, move, writes, COMMIT.
      expect(transaction).not.toHaveBeenCalled();
    } finally {
      transaction.mockRestore();
    }
    const positions = await readerData.query<Array<{ chain: number; seq: string }>>(
      'SELECT chain, seq FROM feedtest.feed_positions ORDER BY chain',
    );
    expect(positions).toEqual(
      await readerData.query('SELECT chain, seq FROM ledger.heads ORDER BY chain'),
    );
  });

  it('fetches at most once per pacing interval while entries trickle in, missing none', async () => {
    const consumer = feed.unwrap<Consumer>();
    const starts = new Map<number, number[]>();
    const stopListening = consumer.on(consumer.events.START_BATCH_PROCESS, ({ payload }) => {
      starts.set(payload.partition, [...(starts.get(payload.partition) ?? []), Date.now()]);
    });
    const before = await applied();
    try {
      // One entry every 10 ms for a second: unpaced, nearly every one came in a fetch of its own.
      for (let i = 0; i < 100; i += 1) {
        await appendMany(1, 1_000 + i);
        await new Promise((done) => setTimeout(done, 10));
      }
      await waitFor(async () => (await applied()) === before + 100);
    } finally {
      stopListening();
    }
    const gaps = [...starts.values()].flatMap((times) =>
      times.slice(1).map((t, i) => t - times[i]),
    );
    expect(gaps.length).toBeGreaterThan(0);
    expect(Math.min(...gaps)).toBeGreaterThanOrEqual(FETCH_PACING_MS - 2);
  });

  it('records a gap instead of skipping it, and stops that chain', async () => {
    const [head] = await readerData.query<Array<{ chain: number; seq: string }>>(
      'SELECT chain, seq FROM ledger.heads WHERE chain = 0',
    );
    const before = await applied();
    const last = await readEntry(0, Number(head.seq));
    const forged: LedgerEntry = {
      ...last,
      seq: last.seq + 2,
      identity: 'forged',
      subject: 'forged',
    };
    const producer = kafka.producer({ createPartitioner: Partitioners.DefaultPartitioner });
    await producer.connect();
    await producer.send({
      topic: topics.ledgerEntries,
      messages: [{ partition: 0, key: 'forged', value: JSON.stringify(forged) }],
    });
    await producer.disconnect();
    await waitFor(
      async () =>
        (await readerData.query<unknown[]>('SELECT 1 FROM feedtest.feed_breaks')).length > 0,
    );
    const [found] = await readerData.query<Array<{ chain: number; seq: string; reason: string }>>(
      'SELECT chain, seq, reason FROM feedtest.feed_breaks',
    );
    expect(found).toEqual({ chain: 0, seq: String(last.seq + 1), reason: 'gap' });
    expect(await applied()).toBe(before);
  });

  async function readEntry(chain: number, seq: number): Promise<LedgerEntry> {
    const [row] = await readerData.query<Array<Record<string, unknown>>>(
      'SELECT * FROM ledger.entries WHERE chain = $1 AND seq = $2',
      [chain, seq],
    );
    return toEntry(row as unknown as EntryRow);
  }
});

/** Armed by a test: the next batch fails the way kafkajs gives up on a consumer for good. */
let failNextBatch = false;

/**
 * The real client, whose consumers throw a non-retriable error (as kafkajs's "Failed to find
 * group coordinator" while a broker restarts) from one batch when armed: kafkajs then stops the
 * consumer and does not restart it.
 */
function failingOnDemand(kafka: Kafka): Kafka {
  return new Proxy(kafka, {
    get(target, key) {
      if (key !== 'consumer') return Reflect.get(target, key) as unknown;
      return (config: ConsumerConfig) => {
        const consumer = target.consumer(config);
        const run = consumer.run.bind(consumer);
        consumer.run = (options) =>
          run({
            ...options,
            eachBatch: async (payload) => {
              if (failNextBatch) {
                failNextBatch = false;
                throw Object.assign(new Error('Failed to find group coordinator'), {
                  retriable: false,
                });
              }
              await options?.eachBatch?.(payload);
            },
          });
        return consumer;
      };
    },
  });
}

async function waitFor(check: () => Promise<boolean>, timeoutMs = 30_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (await check()) return;
    await new Promise((done) => setTimeout(done, 100));
  }
  throw new Error('condition not reached in time');
}
