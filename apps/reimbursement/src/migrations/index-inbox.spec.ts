import { DataSource } from 'typeorm';
import { ledgerMigrations } from '@taxchain/ledger';
import { createTestDatabase, type TestDatabase } from '@taxchain/platform/testing';
import { reimbursementMigrations } from '.';
import { IndexInbox1795560000000 } from './1795560000000-index-inbox';

describe(IndexInbox1795560000000.name, () => {
  let database: TestDatabase;
  let db: DataSource;

  const indexed = async (): Promise<boolean> => {
    const rows = await db.query<unknown[]>(
      `SELECT 1 FROM pg_indexes WHERE schemaname = 'reimbursement' AND indexname = 'invoices_buyer_issued_idx'`,
    );
    return rows.length === 1;
  };

  beforeAll(async () => {
    database = await createTestDatabase([ledgerMigrations, reimbursementMigrations]);
    db = await new DataSource({ type: 'postgres', url: database.url }).initialize();
  });

  afterAll(async () => {
    await db?.destroy();
    await database?.drop();
  });

  it('indexes the inbox order, and goes down and up again', async () => {
    expect(await indexed()).toBe(true);
    const runner = db.createQueryRunner();
    try {
      await new IndexInbox1795560000000().down(runner);
      expect(await indexed()).toBe(false);
      await new IndexInbox1795560000000().up(runner);
      expect(await indexed()).toBe(true);
    } finally {
      await runner.release();
    }
  });
});
