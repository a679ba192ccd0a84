import { DataSource } from 'typeorm';
import { LedgerKinds, checkCode } from '@taxchain/contracts';
import { ledgerMigrations, payloadHash, toHex } from '@taxchain/ledger';
import { ledgerHarness, type LedgerHarness } from '@taxchain/ledger/testing/ledger-harness';
import { recordEntry } from '@taxchain/ledger/testing/record-entry';
import { createTestDatabase, type TestDatabase } from '@taxchain/platform/testing';
import { reimbursementMigrations } from '.';
import { CreditNotes1796400000000 } from './1796400000000-credit-notes';

describe(CreditNotes1796400000000.name, () => {
  let database: TestDatabase;
  let ledger: LedgerHarness;
  let db: DataSource;
  const original = '26000000000000000001';
  const note = '26000000000000000002';
  const document = {
    kind: 'credit-note',
    seller: { taxId: 'S', name: 'Seller' },
    buyer: { taxId: 'B', name: 'Buyer' },
    documentNumber: 'D-1-CR',
    issueDate: '2026-11-24',
    currency: 'CNY',
    totals: { net: '5000', tax: '650', gross: '5650' },
    keyId: 'k',
    creditedInvoiceNumber: original,
  };

  const rows = () =>
    db.query<Array<Record<string, string>>>(
      `SELECT invoice_number, kind, reverses, net::text, tax::text, gross::text, check_code
         FROM reimbursement.invoices ORDER BY invoice_number`,
    );

  beforeAll(async () => {
    database = await createTestDatabase([ledgerMigrations, reimbursementMigrations]);
    ledger = await ledgerHarness(database.url);
    db = ledger.dataSource;
    await db.query(
      `INSERT INTO reimbursement.invoices (invoice_number, kind, seller_tax_id, seller_name,
         buyer_tax_id, buyer_name, document_number, issue_date, currency, net, tax, gross,
         check_code, key_id, chain, seq, entry_hash, issued_at)
       VALUES ($1, 'invoice', 'S', 'Seller', 'B', 'Buyer', 'D-1', '2026-11-23', 'CNY',
               10000, 1300, 11300, '123456', 'k', 0, 0, $2, now())`,
      [original, Buffer.alloc(32)],
    );
    await recordEntry(ledger.appender, {
      kind: LedgerKinds.invoiceCredited,
      subject: original,
      actor: 'merchant:S',
      payload: { document, creditNoteNumber: note, remainingGross: '5650' },
      actorSignature: null,
      identity: 'credit-1',
    });
    // One the feed would skip (no document): the backfill skips it too, and does not fail.
    await recordEntry(ledger.appender, {
      kind: LedgerKinds.invoiceCredited,
      subject: original,
      actor: 'merchant:S',
      payload: { creditNoteNumber: '26000000000000000003', remainingGross: '0' },
      actorSignature: null,
      identity: 'credit-2',
    });
  });

  afterAll(async () => {
    await ledger?.close();
    await database?.drop();
  });

  it('backfills the credit notes the ledger records, negative, reversing their original, skipping what the feed would', async () => {
    const runner = db.createQueryRunner();
    try {
      await new CreditNotes1796400000000().down(runner);
      await new CreditNotes1796400000000().up(runner);
    } finally {
      await runner.release();
    }
    expect(await rows()).toEqual([
      expect.objectContaining({ invoice_number: original, kind: 'invoice', reverses: null }),
      {
        invoice_number: note,
        kind: 'credit-note',
        reverses: original,
        net: '-5000',
        tax: '-650',
        gross: '-5650',
        check_code: checkCode(note, toHex(payloadHash(document))),
      },
    ]);
  });

  it('keeps amounts signed by kind: an invoice never negative, a credit note never positive', async () => {
    await expect(
      db.query(`UPDATE reimbursement.invoices SET gross = 5650 WHERE invoice_number = $1`, [note]),
    ).rejects.toMatchObject({ driverError: { code: '23514' } });
    await expect(
      db.query(`UPDATE reimbursement.invoices SET net = -1 WHERE invoice_number = $1`, [original]),
    ).rejects.toMatchObject({ driverError: { code: '23514' } });
  });

  it('goes down to the old shape, without the credit-note rows', async () => {
    const runner = db.createQueryRunner();
    try {
      await runner.startTransaction();
      await new CreditNotes1796400000000().down(runner);
      const left = (await runner.query(
        'SELECT invoice_number FROM reimbursement.invoices',
      )) as Array<{ invoice_number: string }>;
      expect(left).toEqual([{ invoice_number: original }]);
      await runner.rollbackTransaction();
    } finally {
      await runner.release();
    }
  });
});
