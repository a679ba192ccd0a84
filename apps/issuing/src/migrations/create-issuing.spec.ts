import { DataSource } from 'typeorm';
import { ledgerMigrations } from '@taxchain/ledger';
import { accessMigrations } from '@taxchain/platform';
import { createTestDatabase, type TestDatabase } from '@taxchain/platform/testing';
import { CreateIssuing1795500000000 } from './1795500000000-create-issuing';
import { issuingMigrations } from '.';

describe(CreateIssuing1795500000000.name, () => {
  let database: TestDatabase;
  let db: DataSource;

  const tables = async () =>
    (
      await db.query<Array<{ name: string }>>(
        `SELECT relname AS name FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
         WHERE n.nspname = 'issuing' AND relkind IN ('r', 'S') AND relname NOT LIKE 'migrations%'
         ORDER BY relname`,
      )
    ).map((row) => row.name);

  beforeAll(async () => {
    database = await createTestDatabase([ledgerMigrations, accessMigrations, issuingMigrations]);
    db = await new DataSource({ type: 'postgres', url: database.url }).initialize();
  });

  afterAll(async () => {
    await db?.destroy();
    await database?.drop();
  });

  it('creates the keys, the invoices and the number sequence; down removes them; up again', async () => {
    const created = ['invoice_number_seq', 'invoices', 'merchant_keys'];
    expect(await tables()).toEqual(created);
    const runner = db.createQueryRunner();
    try {
      await new CreateIssuing1795500000000().down(runner);
      expect(await tables()).toEqual([]);
      await new CreateIssuing1795500000000().up(runner);
      expect(await tables()).toEqual(created);
    } finally {
      await runner.release();
    }
  });

  it.each([
    ['a gross that is not net + tax', { gross: 10 }],
    ['a credited gross above the gross', { credited_gross: 200 }],
    ['an invoice number of 19 digits', { invoice_number: '2635100000000000004' }],
    ['a credit note naming no invoice', { kind: 'credit-note' }],
    ['a voided invoice without a time', { status: 'voided' }],
  ])('refuses %s', async (_case, change) => {
    const row: Record<string, unknown> = {
      invoice_number: '26351000000000000042',
      seller_tax_id: 'S',
      document_number: 'D',
      buyer_tax_id: 'B',
      buyer_name: 'Buyer',
      buyer_registered: false,
      issue_date: '2026-11-23',
      currency: 'CNY',
      net: 100,
      tax: 13,
      gross: 113,
      kind: 'invoice',
      credited_gross: 0,
      status: 'issued',
      check_code: '123456',
      document: '{}',
      signature: Buffer.alloc(64),
      ...change,
    };
    const columns = Object.keys(row);
    await expect(
      db.query(
        `INSERT INTO issuing.invoices (${columns.join(', ')})
         VALUES (${columns.map((_c, i) => `$${i + 1}`).join(', ')})`,
        Object.values(row),
      ),
    ).rejects.toThrow(/violates check constraint/);
  });
});
