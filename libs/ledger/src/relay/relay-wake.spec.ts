import { Kafka } from 'kafkajs';
import { KafkaAdmin, kafkaConfig } from '@taxchain/platform';
import { createTestDatabase, type TestDatabase } from '@taxchain/platform/testing';
import { ledgerMigrations } from '../migrations';
import { ledgerHarness, type LedgerHarness } from '../testing/ledger-harness';
import { ledgerWorkersOf } from '../testing/ledger-workers-of';
import { recordEntry } from '../testing/record-entry';
import type { LedgerWorkers } from './ledger-workers';

/** Well under the 30 s safety poll: only a wake-up (NOTIFY, a reconnect, a start) is this fast. */
const WOKEN_WITHIN_MS = 5_000;

/**
 * An idle relay sleeps long (its safety poll backs off to 30 s) and is woken by NOTIFY: an
 * append after a long rest is relayed at once, and nothing is lost when the LISTEN connection is
 * killed or the relay restarts, nor does it wait for the safety poll.
 */
describe('the relay woken by appends (real PostgreSQL and Kafka)', () => {
  let database: TestDatabase;
  let ledger: LedgerHarness;
  let kafka: Kafka;
  let workers: LedgerWorkers | undefined;
  let admin: KafkaAdmin | undefined;
  let appended = 0;

  beforeAll(async () => {
    database = await createTestDatabase([ledgerMigrations]);
    ledger = await ledgerHarness(database.url, { LEDGER_CHAINS: '1' });
    kafka = new Kafka(kafkaConfig(ledger.config, 'relay-wake-test'));
    await start();
  }, 60_000);

  afterAll(async () => {
    await stop();
    await ledger?.close();
    await database?.drop();
  });

  async function start(): Promise<void> {
    admin = new KafkaAdmin(kafka);
    workers = ledgerWorkersOf(ledger, kafka, admin);
    await workers.onApplicationBootstrap();
  }

  async function stop(): Promise<void> {
    await workers?.onApplicationShutdown();
    await admin?.onApplicationShutdown();
    workers = admin = undefined;
  }

  const append = () => {
    appended += 1;
    return recordEntry(ledger.appender, {
      kind: 'test.recorded',
      subject: `invoice-${appended}`,
      actor: 't',
      payload: {},
      identity: `invoice-${appended}`,
    });
  };

  /** The relay's watermark: every entry up to it is on Kafka. */
  async function relayed(): Promise<number> {
    const [row] = await ledger.dataSource.query<Array<{ seq: string }>>(
      'SELECT entries_seq AS seq FROM ledger.relay_watermarks WHERE chain = 0',
    );
    return Number(row.seq);
  }

  /** Resolves with how long the relay took to publish entry `seq`; fails after `limitMs`. */
  async function relayedWithin(seq: number, limitMs: number): Promise<number> {
    const started = Date.now();
    while ((await relayed()) < seq) {
      if (Date.now() - started > limitMs)
        throw new Error(`entry ${seq} not relayed in ${limitMs} ms`);
      await new Promise((tick) => setTimeout(tick, 20));
    }
    return Date.now() - started;
  }

  async function listenerBackends(): Promise<number[]> {
    const rows = await ledger.dataSource.query<Array<{ pid: number }>>(
      `SELECT pid FROM pg_stat_activity
        WHERE datname = current_database() AND query = 'LISTEN ledger_appended'`,
    );
    return rows.map((r) => r.pid);
  }

  it('relays an append made after a long rest at once', async () => {
    const first = await append();
    await relayedWithin(first.entries[0].seq, 20_000);
    // 8 s idle: the safety poll has backed off to 8 s or more (250 ms doubled each round).
    await new Promise((rest) => setTimeout(rest, 8_000));
    const next = await append();
    expect(await relayedWithin(next.entries[0].seq, WOKEN_WITHIN_MS)).toBeLessThan(1_000);
  }, 60_000);

  it('relays what was appended while its LISTEN connection was killed, without the safety poll', async () => {
    // Rested 9 s: the relay looked last at about 8 s (sleeps of 0.25, 0.25, 0.5, 1, 2 and 4 s) and
    // sleeps 8 s more, so only a wake-up relays the entry within 3 s.
    await new Promise((rest) => setTimeout(rest, 9_000));
    const [listener] = await listenerBackends();
    expect(listener).toBeDefined();
    await ledger.dataSource.query('SELECT pg_terminate_backend($1)', [listener]);
    // Committed while nobody listens: its NOTIFY reaches no one. The listener reconnects (the
    // workers' 2 s lease round) and wakes every chain to look again.
    const lost = await append();
    await relayedWithin(lost.entries[0].seq, 3_000);
    let again: number | undefined;
    for (let tries = 0; tries < 100 && again === undefined; tries += 1) {
      [again] = await listenerBackends();
      if (again === undefined) await new Promise((tick) => setTimeout(tick, 50));
    }
    expect(again).toBeDefined();
    expect(again).not.toBe(listener);
    const next = await append();
    expect(await relayedWithin(next.entries[0].seq, WOKEN_WITHIN_MS)).toBeLessThan(1_000);
  }, 60_000);

  it('relays on start what was appended while it was stopped', async () => {
    await stop();
    let last = 0;
    for (let i = 0; i < 3; i += 1) last = (await append()).entries[0].seq;
    expect(await relayed()).toBeLessThan(last);
    await start();
    await relayedWithin(last, WOKEN_WITHIN_MS);
  }, 60_000);
});
