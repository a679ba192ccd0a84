import { randomUUID } from 'node:crypto';
import type { INestApplication } from '@nestjs/common';
import request from 'supertest';
import { DataSource } from 'typeorm';
import { LedgerAppender, generateSecretKey, oneStatement, toHex } from '@taxchain/ledger';
import { createServiceApp } from '@taxchain/platform';
import {
  GivenAccess,
  createTestDatabase,
  testConfig,
  type TestDatabase,
} from '@taxchain/platform/testing';
import { auditService } from '../apps/audit/src/audit.service-definition';
import { AuditFeed } from '../apps/audit/src/feed/audit-feed.service';
import { FeedDatabase } from '@taxchain/ledger';
import {
  GivenLedgerEvents,
  TWO_RATES,
  taxId,
  type IssuedInvoice,
} from './support/given-ledger-events';
import { waitFor } from './support/wait-for';

/**
 * A run of issued invoices reaches the audit read model in one statement with the feed's
 * position (trail rows, invoices, totals), and exactly once when another instance of the service
 * has moved the chain meanwhile: the statement is refused whole and the slice is applied from
 * where the other instance left the chain.
 */
describe('audit: issued invoices applied once, in one statement with the feed position', () => {
  let database: TestDatabase;
  let app: INestApplication;
  let db: DataSource;
  /** The feed's own pool, where it applies its slices. */
  let feedDb: DataSource;
  let url: string;
  let given: GivenLedgerEvents;
  let official: string;

  beforeAll(async () => {
    database = await createTestDatabase(auditService.migrations);
    const config = testConfig(database.url, {
      KAFKA_TOPIC_PREFIX: `t${randomUUID().slice(0, 8)}.`,
      AUTHORITY_KEY: toHex(generateSecretKey()),
      LEDGER_CHAINS: '1',
      CHECKPOINT_INTERVAL_MS: '100',
      RATE_LIMIT_PER_SECOND: '100000',
      RATE_LIMIT_BURST: '100000',
    });
    app = await createServiceApp(auditService, config);
    await app.listen(0, '127.0.0.1');
    await app.startAllMicroservices();
    url = await app.getUrl();
    db = app.get(DataSource);
    feedDb = app.get(FeedDatabase).dataSource;
    given = new GivenLedgerEvents(app.get(LedgerAppender));
    official = (await GivenAccess.from(app).official()).token;
    // The feed's first slice reads its position; from the next one on it knows where it left it.
    await seen([await given.issued()]);
  }, 120_000);

  afterAll(async () => {
    jest.restoreAllMocks();
    await app?.close();
    await database?.drop();
  });

  const seen = (invoices: IssuedInvoice[]) =>
    waitFor(async () => {
      const [row] = await db.query<Array<{ n: string }>>(
        'SELECT count(*) n FROM audit.invoices WHERE invoice_number = ANY($1)',
        [invoices.map((i) => i.invoiceNumber)],
      );
      return Number(row.n) === invoices.length;
    });
  const bySeller = async (seller: string, day: string) =>
    (
      (
        await request(url)
          .get(`/aggregates?by=seller&from=${day}&to=${day}`)
          .set('Authorization', `Bearer ${official}`)
          .expect(200)
      ).body as { items: Array<{ key: string }> }
    ).items.filter((item) => item.key === seller);
  const trailRows = async (invoices: IssuedInvoice[]) =>
    Number(
      (
        await db.query<Array<{ n: string }>>(
          'SELECT count(*) n FROM audit.trail WHERE subject = ANY($1)',
          [invoices.map((i) => i.invoiceNumber)],
        )
      )[0].n,
    );

  it('records a run with its trail, totals and position without a transaction', async () => {
    const [seller, day] = [taxId('330100'), '2025-05-02'];
    const transaction = jest.spyOn(feedDb, 'transaction');
    const issued: IssuedInvoice[] = [];
    try {
      for (let i = 0; i < 5; i += 1)
        issued.push(await given.issued({ seller, issueDate: day, lines: TWO_RATES }));
      await seen(issued);
      expect(transaction).not.toHaveBeenCalled();
    } finally {
      transaction.mockRestore();
    }
    // 5 invoices of 20000 + 2200 each
    expect(await bySeller(seller, day)).toEqual([
      { key: seller, count: '5', net: '100000', tax: '11000', gross: '111000' },
    ]);
    expect(await trailRows(issued)).toBe(5);
    const [position] = await db.query<Array<{ seq: string }>>(
      'SELECT seq FROM audit.feed_positions WHERE chain = 0',
    );
    expect(Number(position.seq)).toBe(issued[4].entry.seq);
  });

  it('applies slices on a pool of its own with generic plans, the service pool planning as before', async () => {
    const mode = async (on: DataSource) =>
      (await on.query<Array<{ plan_cache_mode: string }>>('SHOW plan_cache_mode'))[0]
        .plan_cache_mode;
    expect(feedDb).not.toBe(db);
    expect(await mode(feedDb)).toBe('force_generic_plan');
    expect(await mode(db)).toBe('auto');
  });

  it('applies once what another instance has not, after that instance moved the chain', async () => {
    const [seller, day] = [taxId('330100'), '2025-05-03'];
    const transaction = jest.spyOn(feedDb, 'transaction');
    const other = db.createQueryRunner();
    const issued: IssuedInvoice[] = [];
    try {
      // "Another instance" applies the first 3 of 6 new invoices and moves the chain past them,
      // while this instance's feed waits on the position to apply all 6 itself.
      await other.startTransaction();
      await other.query('LOCK TABLE audit.feed_positions IN EXCLUSIVE MODE');
      for (let i = 0; i < 6; i += 1)
        issued.push(await given.issued({ seller, issueDate: day, lines: TWO_RATES }));
      await waitFor(async () => (await waitingOnPositions(db)) > 0);
      const first = issued.slice(0, 3).map(({ entry }) => ({
        entry,
        payload: JSON.parse(entry.payload) as unknown,
      }));
      const { text, values } = oneStatement(await app.get(AuditFeed).issued(first));
      await other.query(text, values);
      await other.query('UPDATE audit.feed_positions SET seq = $1, hash = $2 WHERE chain = 0', [
        issued[2].entry.seq,
        Buffer.from(issued[2].entry.entryHash, 'hex'),
      ]);
      await other.commitTransaction();
      await seen(issued);
      // Refused, the slice went the locking way, from where the other instance left the chain.
      expect(transaction).toHaveBeenCalled();
    } finally {
      if (other.isTransactionActive) await other.rollbackTransaction();
      await other.release();
      transaction.mockRestore();
    }
    const later = [await given.issued({ seller, issueDate: day, lines: TWO_RATES })];
    await seen(later);
    // 7 invoices of 20000 + 2200 each, each counted once
    expect(await bySeller(seller, day)).toEqual([
      { key: seller, count: '7', net: '140000', tax: '15400', gross: '155400' },
    ]);
    expect(await trailRows([...issued, ...later])).toBe(7);
    expect(await db.query('SELECT * FROM audit.feed_breaks')).toEqual([]);
  });
});

/** Statements waiting for a lock on audit.feed_positions. */
async function waitingOnPositions(db: DataSource): Promise<number> {
  const [row] = await db.query<Array<{ n: string }>>(
    `SELECT count(*) n FROM pg_locks
      WHERE NOT granted AND relation = 'audit.feed_positions'::regclass`,
  );
  return Number(row.n);
}
