import { randomUUID } from 'node:crypto';
import { DataSource } from 'typeorm';
import { ledgerMigrations } from '@taxchain/ledger';
import { createTestDatabase, type TestDatabase } from '@taxchain/platform/testing';
import { reimbursementMigrations } from '.';
import { CreateReimbursement1795480000000 } from './1795480000000-create-reimbursement';

describe(CreateReimbursement1795480000000.name, () => {
  let database: TestDatabase;
  let db: DataSource;
  const number = '26000000000000000001';

  const insertClaim = (state: string) =>
    db.query(
      `INSERT INTO reimbursement.claims (claim_id, invoice_number, buyer_tax_id, amount, state)
       VALUES ($1, $2, 'B', 100, $3)`,
      [randomUUID(), number, state],
    );

  beforeAll(async () => {
    database = await createTestDatabase([ledgerMigrations, reimbursementMigrations]);
    db = await new DataSource({ type: 'postgres', url: database.url }).initialize();
    await db.query(
      `INSERT INTO reimbursement.invoices (invoice_number, kind, seller_tax_id, seller_name,
         buyer_tax_id, buyer_name, document_number, issue_date, currency, net, tax, gross,
         check_code, key_id, chain, seq, entry_hash, issued_at)
       VALUES ($1, 'invoice', 'S', 'Seller', 'B', 'Buyer', 'D-1', '2026-11-23', 'CNY',
               10000, 1300, 11300, '123456', 'k', 0, 0, $2, now())`,
      [number, Buffer.alloc(32)],
    );
  });

  afterAll(async () => {
    await db?.destroy();
    await database?.drop();
  });

  it('lets no two live claims hold one invoice, whatever the code above does', async () => {
    await insertClaim('released');
    await insertClaim('active');
    await expect(insertClaim('active')).rejects.toMatchObject({ driverError: { code: '23505' } });
    await expect(insertClaim('completed')).rejects.toMatchObject({
      driverError: { code: '23505' },
    });
    await insertClaim('released');
  });

  it('goes down and up again, with every later migration of the schema', async () => {
    const runner = db.createQueryRunner();
    const all = reimbursementMigrations.migrations.map((Migration) => new Migration());
    try {
      await runner.startTransaction();
      for (const migration of [...all].reverse()) await migration.down(runner);
      const [gone] = (await runner.query(
        "SELECT count(*) n FROM information_schema.tables WHERE table_schema = 'reimbursement' AND table_name <> 'migrations'",
      )) as Array<{ n: string }>;
      expect(Number(gone.n)).toBe(0);
      for (const migration of all) await migration.up(runner);
      await runner.rollbackTransaction();
    } finally {
      await runner.release();
    }
  });
});
