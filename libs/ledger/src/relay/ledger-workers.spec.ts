import { Kafka } from 'kafkajs';
import { KafkaAdmin, kafkaConfig } from '@taxchain/platform';
import { createTestDatabase, type TestDatabase } from '@taxchain/platform/testing';
import { ledgerMigrations } from '../migrations';
import { ledgerHarness, type LedgerHarness } from '../testing/ledger-harness';
import { ledgerWorkersOf } from '../testing/ledger-workers-of';
import { ChainWorker } from './chain-worker';
import { LedgerWorkers } from './ledger-workers';

const CHAINS = [0, 1, 2, 3];

/**
 * Instances share the chains' relay and checkpoints: a lone instance leads every chain, two
 * split them, and a chain whose lease is lost is led again only after its old worker stopped.
 */
describe(LedgerWorkers.name, () => {
  let database: TestDatabase;
  let ledger: LedgerHarness;
  let kafka: Kafka;
  const instances: { workers: LedgerWorkers; admin: KafkaAdmin }[] = [];
  // start and end of every chain worker's life, in the order they happened
  const lifetimes: string[] = [];

  beforeAll(async () => {
    database = await createTestDatabase([ledgerMigrations]);
    ledger = await ledgerHarness(database.url);
    kafka = new Kafka(kafkaConfig(ledger.config, 'workers-test'));
    const start = ChainWorker.prototype.start;
    jest.spyOn(ChainWorker.prototype, 'start').mockImplementation(function (this: ChainWorker) {
      lifetimes.push(`start ${this.chain}`);
      start.call(this);
    });
    const stop = ChainWorker.prototype.stop;
    jest.spyOn(ChainWorker.prototype, 'stop').mockImplementation(async function (
      this: ChainWorker,
    ) {
      await stop.call(this);
      lifetimes.push(`stopped ${this.chain}`);
    });
  }, 60_000);

  afterAll(async () => {
    jest.restoreAllMocks();
    for (const { workers, admin } of instances) {
      await workers.onApplicationShutdown();
      await admin.onApplicationShutdown();
    }
    await ledger?.close();
    await database?.drop();
  });

  async function launch(): Promise<LedgerWorkers> {
    const admin = new KafkaAdmin(kafka);
    const workers = ledgerWorkersOf(ledger, kafka, admin);
    instances.push({ workers, admin });
    await workers.onApplicationBootstrap();
    return workers;
  }

  async function eventually(holds: () => boolean): Promise<void> {
    const deadline = Date.now() + 20_000;
    while (!holds()) {
      if (Date.now() > deadline) throw new Error('condition not reached in 20 s');
      await new Promise((tick) => setTimeout(tick, 50));
    }
  }

  async function leaseBackendOf(chain: number): Promise<number> {
    const [row] = await ledger.dataSource.query<{ pid: number }[]>(
      `SELECT pid FROM pg_locks WHERE locktype = 'advisory' AND granted AND classid = 74610 AND objid = $1
         AND database = (SELECT oid FROM pg_database WHERE datname = current_database())`,
      [chain],
    );
    return row.pid;
  }

  let first: LedgerWorkers;
  let second: LedgerWorkers;

  it('leads every chain when it is the only instance', async () => {
    first = await launch();
    await eventually(() => first.led().length === 4);
    expect(first.led()).toEqual(CHAINS);
  }, 30_000);

  it('hands half the chains to a second instance', async () => {
    second = await launch();
    await eventually(() => first.led().length === 2 && second.led().length === 2);
    expect([...first.led(), ...second.led()].sort()).toEqual(CHAINS);
  }, 30_000);

  it('stops a chain worker when its lease connection drops, before the chain is led again', async () => {
    const lost = first.led();
    lifetimes.length = 0;
    const backend = await leaseBackendOf(lost[0]);
    await ledger.dataSource.query('SELECT pg_terminate_backend($1)', [backend]);
    await eventually(() => lost.every((chain) => lifetimes.includes(`start ${chain}`)));
    for (const chain of lost) {
      const stopped = lifetimes.indexOf(`stopped ${chain}`);
      expect(stopped).toBeGreaterThanOrEqual(0);
      expect(lifetimes.indexOf(`start ${chain}`)).toBeGreaterThan(stopped);
    }
  }, 30_000);

  it('takes every chain over when the other instance shuts down', async () => {
    await second.onApplicationShutdown();
    await eventually(() => first.led().length === 4);
    expect(first.led()).toEqual(CHAINS);
  }, 30_000);
});
