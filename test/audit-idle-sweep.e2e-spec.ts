import type { INestApplication } from '@nestjs/common';
import { Client } from 'pg';
import { DataSource } from 'typeorm';
import { LedgerAppender } from '@taxchain/ledger';
import { Metrics } from '@taxchain/platform';
import { createTestDatabase, type TestDatabase } from '@taxchain/platform/testing';
import { auditService } from '../apps/audit/src/audit.service-definition';
import { BreakAlarm } from '../apps/audit/src/verification/break-alarm.service';
import { HistorySweep } from '../apps/audit/src/verification/history-sweep.service';
import { GivenLedgerEvents } from './support/given-ledger-events';
import { SWEEP_PAUSE_MS, startSweepingAudit } from './support/sweeping-audit';
import { waitFor } from './support/wait-for';

const SWEEP_RATE = 200;

/**
 * The history sweep of a ledger nobody writes to: pass after pass, it re-verifies no entry while
 * nothing has changed, and still flags an edit of a sealed row, made by the superuser with the
 * triggers off, within one sweep period.
 */
describe('audit: the history sweep of an idle ledger', () => {
  let database: TestDatabase;
  let app: INestApplication;
  let db: DataSource;

  beforeAll(async () => {
    database = await createTestDatabase(auditService.migrations);
    app = await startSweepingAudit(database.url, SWEEP_RATE);
    db = app.get(DataSource);
    const given = new GivenLedgerEvents(app.get(LedgerAppender));
    for (let i = 0; i < 60; i += 1) await given.issued();
  }, 120_000);

  afterAll(async () => {
    await app?.close();
    await database?.drop();
  });

  const passes = () => app.get(HistorySweep).progress().passes;
  const passesFrom = async (n: number) => {
    const from = passes();
    await waitFor(async () => passes() >= from + n);
  };
  const entriesSwept = async () =>
    (await app.get(Metrics).taxchain.auditSweepEntriesTotal.get()).values[0]?.value ?? 0;

  it('re-verifies no entry while nothing changed, and flags an edit within one period', async () => {
    // Every entry sealed, then a pass that sees the ledger as it stays, and one that verifies it.
    await waitFor(async () => {
      const [row] = await db.query<Array<{ unsealed: number }>>(
        `SELECT count(*)::int AS unsealed FROM ledger.heads h WHERE h.seq + 1 >
           (SELECT coalesce(max(size), 0) FROM ledger.checkpoints c WHERE c.chain = h.chain)`,
      );
      return row.unsealed === 0;
    });
    await passesFrom(3);
    const swept = await entriesSwept();
    await passesFrom(3);
    // Without the fingerprint, each of these passes re-verified every entry again.
    expect(await entriesSwept()).toBe(swept);

    const [{ n }] = await db.query<Array<{ n: number }>>(
      'SELECT count(*)::int AS n FROM ledger.entries',
    );
    const period = (n / SWEEP_RATE) * 1000 + SWEEP_PAUSE_MS;
    const superuser = new Client({ connectionString: database.url });
    await superuser.connect();
    try {
      await superuser.query('SET session_replication_role = replica'); // triggers off
      await superuser.query(
        `UPDATE ledger.entries SET payload = replace(payload, '"gross":"', '"gross":"9')
          WHERE chain = 1 AND seq = 3`,
      );
      const edited = Date.now();
      const alarm = app.get(BreakAlarm);
      await waitFor(async () =>
        alarm.breaks().some((b) => b.chain === 1 && b.seq === 3 && b.source === 'sweep'),
      );
      expect(Date.now() - edited).toBeLessThanOrEqual(period);
      await superuser.query(
        `UPDATE ledger.entries SET payload = replace(payload, '"gross":"9', '"gross":"')
          WHERE chain = 1 AND seq = 3`,
      );
      await waitFor(async () => !alarm.brokenChains().includes(1));
    } finally {
      await superuser.end();
    }
  }, 180_000);
});
