import { randomUUID } from 'node:crypto';
import type { INestApplication } from '@nestjs/common';
import { Client } from 'pg';
import { DataSource } from 'typeorm';
import {
  KeyDirectory,
  LedgerAppender,
  generateSecretKey,
  toHex,
  type LedgerEntry,
} from '@taxchain/ledger';
import { createServiceApp } from '@taxchain/platform';
import { createTestDatabase, testConfig, type TestDatabase } from '@taxchain/platform/testing';
import { auditService } from '../apps/audit/src/audit.service-definition';
import { ContinuousVerification } from '../apps/audit/src/verification/continuous-verification.service';
import { HistorySweep } from '../apps/audit/src/verification/history-sweep.service';
import { GivenLedgerEvents } from './support/given-ledger-events';

/** SweepLock's advisory lock key: whoever holds it keeps the audit service's sweep waiting. */
const SWEEP_LOCK_KEY = 7_203_715_001;

/**
 * The audit service checks the actor signature of each ledger entry once, however many times
 * the tail re-reads it from the last checkpoint and however many sweep passes follow: the tail and
 * the sweep share what they saw hold.
 */
describe('audit: each actor signature checked once per process', () => {
  let database: TestDatabase;
  let app: INestApplication;
  let sweepBlocker: Client;
  const verdicts = new Map<string, number>();

  beforeAll(async () => {
    database = await createTestDatabase(auditService.migrations);
    // The sweep waits until the tail has seen every entry, so that what follows is ordered.
    sweepBlocker = new Client({ connectionString: database.url });
    await sweepBlocker.connect();
    await sweepBlocker.query('SELECT pg_advisory_lock($1)', [SWEEP_LOCK_KEY]);
    const verdict = KeyDirectory.prototype.verdict;
    jest.spyOn(KeyDirectory.prototype, 'verdict').mockImplementation(function (
      this: KeyDirectory,
      entry: LedgerEntry,
    ) {
      const at = `${entry.chain}:${entry.seq}`;
      verdicts.set(at, (verdicts.get(at) ?? 0) + 1);
      return verdict.call(this, entry);
    });
    const config = testConfig(database.url, {
      KAFKA_TOPIC_PREFIX: `t${randomUUID().slice(0, 8)}.`,
      AUTHORITY_KEY: toHex(generateSecretKey()),
      LEDGER_CHAINS: '1',
      // Sealed every 10 entries and not by time: the tail re-reads the entries after the last seal.
      CHECKPOINT_EVERY: '10',
      CHECKPOINT_INTERVAL_MS: '600000',
      AUDIT_SWEEP_RATE: '1000',
    });
    app = await createServiceApp(auditService, config);
    await app.listen(0, '127.0.0.1');
    await app.startAllMicroservices();
  }, 120_000);

  afterAll(async () => {
    jest.restoreAllMocks();
    await sweepBlocker?.end().catch(() => undefined);
    await app?.close();
    await database?.drop();
  });

  const until = async (done: () => boolean | Promise<boolean>, what: string) => {
    for (let tries = 0; !(await done()); tries += 1) {
      if (tries > 600) throw new Error(`timed out waiting for ${what}`);
      await new Promise((later) => setTimeout(later, 100));
    }
  };
  /** Until a tail pass over chain 0 that started after this call has ended. */
  const tailRound = async () => {
    const tail = app.get(ContinuousVerification);
    for (let i = 0; i < 2; i += 1) {
      const since = new Date().toISOString();
      await until(() => (tail.lastVerified()[0]?.verifiedAt ?? '') > since, 'a tail pass');
    }
  };

  it('verifies each entry once over several tail passes and a sweep pass', async () => {
    const given = new GivenLedgerEvents(app.get(LedgerAppender));
    const issue = async (n: number) => {
      for (let i = 0; i < n; i += 1) await given.issued();
    };
    await issue(13);
    await until(() => app.get(ContinuousVerification).lastVerified().length > 0, 'a checkpoint');
    for (const n of [7, 5, 9]) {
      await tailRound();
      await issue(n);
    }
    await tailRound();
    await sweepBlocker.end();
    await until(() => app.get(HistorySweep).progress().passes > 0, 'a sweep pass');
    await tailRound();

    const db = app.get(DataSource);
    const entries = await db.query<Array<{ at: string }>>(
      "SELECT chain || ':' || seq AS at FROM ledger.entries ORDER BY seq",
    );
    expect(entries.length).toBeGreaterThanOrEqual(34);
    const counts = Object.fromEntries(entries.map(({ at }) => [at, verdicts.get(at) ?? 0]));
    expect(counts).toEqual(Object.fromEntries(entries.map(({ at }) => [at, 1])));
  }, 180_000);
});
