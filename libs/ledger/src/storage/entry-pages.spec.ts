import { createTestDatabase, type TestDatabase } from '@taxchain/platform/testing';
import type { LedgerEntry } from '../ledger-entry';
import { ledgerMigrations } from '../migrations';
import { ledgerHarness, type LedgerHarness } from '../testing/ledger-harness';
import { recordEntry } from '../testing/record-entry';
import { entryPages } from './entry-pages';
import { ENTRY_COLUMNS, toEntry, type EntryRow } from './entry-row';

describe(entryPages.name, () => {
  let database: TestDatabase;
  let ledger: LedgerHarness;

  beforeAll(async () => {
    database = await createTestDatabase([ledgerMigrations]);
    ledger = await ledgerHarness(database.url, { LEDGER_CHAINS: '1' });
    const texts = ['quote " back\\slash', 'tab\tnew\nline\u0001', '发票 😀 \u2028', 'é', 'plain'];
    for (const [i, text] of texts.entries())
      await recordEntry(ledger.appender, {
        kind: 'test.recorded',
        subject: `inv-${i} ${text}`,
        actor: `actor ${text}`,
        payload: { note: text, n: i },
        actorSignature: i % 2 === 0 ? 'ab'.repeat(64) : null,
        identity: `id ${text}`,
      });
  });

  afterAll(async () => {
    await ledger?.close();
    await database?.drop();
  });

  const pages = async (afterSeq: number, beforeSeq?: number) => {
    const read: LedgerEntry[][] = [];
    for await (const page of entryPages(ledger.dataSource, 0, afterSeq, { pageSize: 2, beforeSeq }))
      read.push(page);
    return read;
  };

  it('reads every entry as toEntry reads its row (hex, ISO time, numbers), a page at a time', async () => {
    const rows = await ledger.dataSource.query<EntryRow[]>(
      `SELECT ${ENTRY_COLUMNS} FROM ledger.entries ORDER BY seq`,
    );
    const [first, second, third] = [rows.slice(0, 2), rows.slice(2, 4), rows.slice(4)];
    expect(await pages(-1)).toEqual([first, second, third].map((page) => page.map(toEntry)));
    expect((await pages(0, 4)).map((page) => page.map((entry) => entry.seq))).toEqual([
      [1, 2],
      [3],
    ]);
  });
});
