import { DataSource } from 'typeorm';
import { ledgerMigrations } from '@taxchain/ledger';
import { createTestDatabase, type TestDatabase } from '@taxchain/platform/testing';
import { reimbursementMigrations } from '.';
import { CreateWebhooks1796300000000 } from './1796300000000-create-webhooks';

describe(CreateWebhooks1796300000000.name, () => {
  let database: TestDatabase;
  let db: DataSource;

  const tables = async (): Promise<string[]> =>
    (
      await db.query<Array<{ tablename: string }>>(
        `SELECT tablename FROM pg_tables WHERE schemaname = 'reimbursement' AND tablename LIKE 'webhook%'
         ORDER BY tablename`,
      )
    ).map((r) => r.tablename);

  beforeAll(async () => {
    database = await createTestDatabase([ledgerMigrations, reimbursementMigrations]);
    db = await new DataSource({ type: 'postgres', url: database.url }).initialize();
  });

  afterAll(async () => {
    await db?.destroy();
    await database?.drop();
  });

  it('creates the keys, endpoints and outbox, and goes down and up again', async () => {
    const all = ['webhook_deliveries', 'webhook_endpoints', 'webhook_keys'];
    expect(await tables()).toEqual(all);
    const runner = db.createQueryRunner();
    try {
      await new CreateWebhooks1796300000000().down(runner);
      expect(await tables()).toEqual([]);
      await new CreateWebhooks1796300000000().up(runner);
      expect(await tables()).toEqual(all);
    } finally {
      await runner.release();
    }
  });
});
