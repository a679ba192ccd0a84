import { DataSource } from 'typeorm';
import { ledgerMigrations } from '@taxchain/ledger';
import { accessMigrations } from '@taxchain/platform';
import { createTestDatabase, type TestDatabase } from '@taxchain/platform/testing';
import { issuingMigrations } from '../migrations';
import { InvoiceSequence, SEQUENCE_BLOCK } from './invoice-sequence';

describe(InvoiceSequence.name, () => {
  let database: TestDatabase;
  let db: DataSource;

  beforeAll(async () => {
    database = await createTestDatabase([ledgerMigrations, accessMigrations, issuingMigrations]);
    db = await new DataSource({ type: 'postgres', url: database.url }).initialize();
  });

  afterAll(async () => {
    await db?.destroy();
    await database?.drop();
  });

  it('never hands out a number twice, across concurrent callers and instances', async () => {
    const instances = [new InvoiceSequence(db), new InvoiceSequence(db)];
    const calls = 5 * SEQUENCE_BLOCK;
    const numbers = await Promise.all(
      Array.from({ length: calls }, (_, i) => instances[i % 2].next()),
    );
    expect(new Set(numbers).size).toBe(calls);
  });
});
