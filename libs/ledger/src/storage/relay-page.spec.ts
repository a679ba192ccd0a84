import { createTestDatabase, type TestDatabase } from '@taxchain/platform/testing';
import { ledgerMigrations } from '../migrations';
import { ledgerHarness, type LedgerHarness } from '../testing/ledger-harness';
import { recordEntry } from '../testing/record-entry';
import { ENTRY_COLUMNS, toEntry, type EntryRow } from './entry-row';
import { relayPage } from './relay-page';

describe(relayPage.name, () => {
  let database: TestDatabase;
  let ledger: LedgerHarness;

  beforeAll(async () => {
    database = await createTestDatabase([ledgerMigrations]);
    ledger = await ledgerHarness(database.url, { LEDGER_CHAINS: '1' });
  });

  afterAll(async () => {
    await ledger?.close();
    await database?.drop();
  });

  it('publishes byte for byte the JSON of the stored entry, escapes, signatures and all', async () => {
    const texts = ['quote " back\\slash', 'tab\tnew\nline\u0001\u001f', '发票 😀 \u2028', 'é'];
    for (const [i, text] of texts.entries()) {
      const subject = `inv-${i} ${text}`;
      await recordEntry(ledger.appender, {
        kind: 'test.recorded',
        subject,
        actor: `actor ${text}`,
        payload: { note: text, n: i },
        actorSignature: i % 2 === 0 ? 'ab'.repeat(64) : null,
        identity: `id ${text}`,
      });
    }
    const rows = await ledger.dataSource.query<EntryRow[]>(
      `SELECT ${ENTRY_COLUMNS} FROM ledger.entries ORDER BY seq`,
    );
    const page = await relayPage(ledger.dataSource, 0, -1, 10);
    expect(page.map((p) => p.json)).toEqual(rows.map((row) => JSON.stringify(toEntry(row))));
    expect(page.map((p) => [p.seq, p.subject, p.kind])).toEqual(
      rows.map((row) => [Number(row.seq), row.subject, row.kind]),
    );
    expect((await relayPage(ledger.dataSource, 0, 1, 2)).map((p) => p.seq)).toEqual([2, 3]);
  });
});
