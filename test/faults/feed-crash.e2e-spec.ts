import { spawn, type ChildProcess } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { resolve } from 'node:path';
import { Module, type INestApplication } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { DataSource } from 'typeorm';
import {
  LedgerAppender,
  LedgerModule,
  createFeedTables,
  generateSecretKey,
  ledgerMigrations,
  toHex,
} from '@taxchain/ledger';
import { PlatformModule } from '@taxchain/platform';
import { createTestDatabase, testConfig, type TestDatabase } from '@taxchain/platform/testing';
import { recordReliability } from '../support/reliability-report';

const ENTRIES = 5_000;
const CHAINS = 4;
/**
 * Between appends of 100: the stream lasts at least 50 × 250 ms, so the consumer is killed many
 * times before it can catch up, however fast the machine and the feed (a fast one had applied
 * everything after 2 kills).
 */
const STREAM_PAUSE_MS = 250;
const consumerScript = resolve(__dirname, '../../dist/libs/ledger/src/testing/feed-consumer.js');

/**
 * A feed consumer killed with SIGKILL over and over while 5,000 entries stream in,
 * at random points (between its database commit and its Kafka offset commit among them):
 * every entry is applied exactly once.
 */
describe('consumer killed mid-stream', () => {
  let database: TestDatabase;
  let writer: INestApplication;
  let data: DataSource;
  const prefix = `crash-${randomUUID().slice(0, 8)}.`;
  const group = `crash-${randomUUID()}`;

  beforeAll(async () => {
    database = await createTestDatabase([ledgerMigrations]);
    data = await new DataSource({ type: 'postgres', url: database.url }).initialize();
    await data.query(
      'CREATE SCHEMA feedcrash; CREATE TABLE feedcrash.applied (subject text NOT NULL, seq bigint NOT NULL)',
    );
    const runner = data.createQueryRunner();
    await createFeedTables(runner, 'feedcrash');
    await runner.release();
    const config = testConfig(database.url, {
      LEDGER_CHAINS: String(CHAINS),
      KAFKA_TOPIC_PREFIX: prefix,
      AUTHORITY_KEY: toHex(generateSecretKey()),
    });
    @Module({ imports: [PlatformModule.forService(config), LedgerModule] })
    class WriterModule {}
    writer = await NestFactory.create(WriterModule, { logger: false });
    await writer.init();
  });

  afterAll(async () => {
    await writer?.close();
    await data?.destroy();
    await database?.drop();
  });

  function startConsumer(): ChildProcess {
    return spawn(process.execPath, [consumerScript, database.url, prefix, String(CHAINS), group], {
      stdio: ['ignore', 'pipe', 'inherit'],
    });
  }

  it('applies every entry exactly once across repeated kill -9', async () => {
    const appender = writer.get(LedgerAppender);
    const appending = (async () => {
      for (let i = 0; i < ENTRIES; i += 100) {
        await Promise.all(
          Array.from({ length: 100 }, (_, k) => {
            const subject = `e-${i + k}`;
            return appender.commit({
              subject,
              run: async () => ({
                value: null,
                entries: [
                  {
                    kind: 'test.recorded',
                    subject,
                    actor: 't',
                    payload: { n: i + k },
                    identity: subject,
                  },
                ],
              }),
            });
          }),
        );
        await sleep(STREAM_PAUSE_MS);
      }
    })();
    let kills = 0;
    let consumer = startConsumer();
    const deadline = Date.now() + 240_000;
    for (;;) {
      await sleep(400 + Math.random() * 800);
      const applied = await count('SELECT count(*) n FROM feedcrash.applied');
      if (applied >= ENTRIES || Date.now() > deadline) break;
      if (kills < 12) {
        consumer.kill('SIGKILL');
        kills += 1;
        await new Promise((done) => consumer.once('exit', done));
        consumer = startConsumer();
      }
    }
    await appending;
    await waitFor(async () => (await count('SELECT count(*) n FROM feedcrash.applied')) >= ENTRIES);
    await sleep(1_000); // anything redelivered after catching up would land now
    consumer.kill('SIGTERM');
    const rows = await count('SELECT count(*) n FROM feedcrash.applied');
    const distinct = await count('SELECT count(DISTINCT subject) n FROM feedcrash.applied');
    expect(kills).toBeGreaterThanOrEqual(5);
    expect(distinct).toBe(ENTRIES);
    expect(rows).toBe(ENTRIES);
    recordReliability(
      'consumer-kill',
      `A feed consumer was killed with SIGKILL ${kills} times while ${ENTRIES} entries streamed over ${CHAINS} chains: ${rows} applied, ${rows - distinct} duplicates, ${ENTRIES - distinct} lost.`,
    );
  }, 300_000);

  async function count(sql: string): Promise<number> {
    return Number((await data.query<Array<{ n: string }>>(sql))[0].n);
  }
});

function sleep(ms: number): Promise<void> {
  return new Promise((done) => setTimeout(done, ms));
}

async function waitFor(check: () => Promise<boolean>, timeoutMs = 120_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (await check()) return;
    await sleep(250);
  }
  throw new Error('not reached in time');
}
