import { createTestDatabase, type TestDatabase } from '@taxchain/platform/testing';
import { ledgerMigrations } from '../migrations';
import { ledgerHarness, type LedgerHarness } from './ledger-harness';

/**
 * A fresh migrated database with the ledger wired on it for the enclosing describe block,
 * dropped after it; call inside describe, read the harness inside tests.
 */
export function ledgerTestBed(overrides: Record<string, string> = {}): () => LedgerHarness {
  let database: TestDatabase | undefined;
  let ledger: LedgerHarness | undefined;
  beforeAll(async () => {
    database = await createTestDatabase([ledgerMigrations]);
    ledger = await ledgerHarness(database.url, overrides);
  });
  afterAll(async () => {
    await ledger?.close();
    await database?.drop();
  });
  return () => {
    if (!ledger) throw new Error('the ledger test bed is used before its beforeAll ran');
    return ledger;
  };
}
