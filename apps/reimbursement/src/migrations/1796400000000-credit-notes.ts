import type { MigrationInterface, QueryRunner } from 'typeorm';
import { invoiceCreditedSchema } from '../feed/invoice-payloads';
import { creditNoteCheckCode } from '../invoices/credit-note';

/**
 * Credit notes become rows of their own: amounts negative as the tax document states them,
 * `reverses` naming the invoice each takes back (indexed, so an invoice lists its credit notes).
 * The rows already recorded on the ledger as invoice.credited are backfilled from it; the feed
 * inserts later ones, and skips these when it meets them again.
 */
export class CreditNotes1796400000000 implements MigrationInterface {
  name = 'CreditNotes1796400000000';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`
      ALTER TABLE reimbursement.invoices
        ADD COLUMN reverses text,
        DROP CONSTRAINT invoices_net_check,
        DROP CONSTRAINT invoices_tax_check,
        DROP CONSTRAINT invoices_gross_check,
        DROP CONSTRAINT invoices_check,
        ADD CONSTRAINT invoices_amounts_by_kind CHECK (CASE kind
          WHEN 'invoice' THEN net >= 0 AND tax >= 0 AND gross >= 0
            AND credited >= 0 AND credited <= gross AND reverses IS NULL
          ELSE net <= 0 AND tax <= 0 AND gross <= 0
            AND credited = 0 AND reverses ~ '^[0-9]{20}$' END)`);
    await db.query(
      `CREATE INDEX invoices_reverses_idx ON reimbursement.invoices (reverses)
        WHERE reverses IS NOT NULL`,
    );
    await backfill(db);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`DELETE FROM reimbursement.invoices WHERE kind = 'credit-note'`);
    await db.query('DROP INDEX reimbursement.invoices_reverses_idx');
    await db.query(`
      ALTER TABLE reimbursement.invoices
        DROP CONSTRAINT invoices_amounts_by_kind,
        DROP COLUMN reverses,
        ADD CONSTRAINT invoices_net_check CHECK (net >= 0),
        ADD CONSTRAINT invoices_tax_check CHECK (tax >= 0),
        ADD CONSTRAINT invoices_gross_check CHECK (gross >= 0),
        ADD CONSTRAINT invoices_check CHECK (credited >= 0 AND credited <= gross)`);
  }
}

/**
 * Every credit note the ledger records, as the feed would have written it: an entry whose payload
 * the feed would skip is skipped here too (it must not block the migration); check codes in JS.
 */
async function backfill(db: QueryRunner): Promise<void> {
  const recorded = (await db.query(
    `SELECT ledger.credit_note_number(payload) AS n, payload FROM ledger.entries
      WHERE kind = 'invoice.credited' AND subject ~ '^[0-9]{20}$'`,
  )) as Array<{ n: string | null; payload: string }>;
  const notes = recorded.filter((note): note is { n: string; payload: string } =>
    fitsTheFeed(note.payload),
  );
  if (notes.length === 0) return;
  await db.query(
    `INSERT INTO reimbursement.invoices (invoice_number, kind, reverses, seller_tax_id,
       seller_name, buyer_tax_id, buyer_name, document_number, issue_date, currency, net, tax,
       gross, check_code, key_id, chain, seq, entry_hash, issued_at)
     SELECT n.n, 'credit-note', e.subject, d #>> '{seller,taxId}', d #>> '{seller,name}',
            d #>> '{buyer,taxId}', d #>> '{buyer,name}', d ->> 'documentNumber',
            (d ->> 'issueDate')::date, d ->> 'currency', -(d #>> '{totals,net}')::bigint,
            -(d #>> '{totals,tax}')::bigint, -(d #>> '{totals,gross}')::bigint, n.code,
            d ->> 'keyId', e.chain, e.seq, e.entry_hash, e.recorded_at
       FROM unnest($1::text[], $2::text[]) AS n(n, code)
       JOIN ledger.entries e
         ON e.kind = 'invoice.credited' AND ledger.credit_note_number(e.payload) = n.n
      CROSS JOIN LATERAL (SELECT e.payload::jsonb -> 'document' AS d) doc
     ON CONFLICT (invoice_number) DO NOTHING`,
    [notes.map((note) => note.n), notes.map((note) => creditNoteCheckCode(note.n, note.payload))],
  );
}

function fitsTheFeed(payload: string): boolean {
  try {
    return invoiceCreditedSchema.safeParse(JSON.parse(payload)).success;
  } catch {
    return false; // not JSON: rewritten behind the ledger's back, which verification reports
  }
}
