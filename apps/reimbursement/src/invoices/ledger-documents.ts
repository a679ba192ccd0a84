import { Injectable } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';
import { LedgerKinds, type InvoiceKind } from '@taxchain/contracts';
import { creditNoteCheckCode } from './credit-note';

/** A document the ledger records as issued: its kind and the check code printed on it. */
export interface LedgerDocument {
  kind: InvoiceKind;
  checkCode: string;
}

/**
 * Which invoice and credit-note numbers the ledger itself records as issued. The read model
 * trails the ledger by the feed's latency; the ledger does not: an issue is acknowledged to its
 * merchant only once its entry has committed, so a number the ledger does not hold now was never
 * issued (as far as anyone may know), and saying so is final. A credit note is found by its own
 * number through the ledger's credit-note index on invoice.credited entries.
 */
@Injectable()
export class LedgerDocuments {
  constructor(private readonly db: DataSource) {}

  async find(
    numbers: readonly string[],
    tx: EntityManager = this.db.manager,
  ): Promise<Map<string, LedgerDocument>> {
    const rows = await tx.query<Array<{ n: string; kind: string; payload: string }>>(
      `SELECT subject AS n, kind, payload FROM ledger.entries
        WHERE subject = ANY($1) AND kind = $2
       UNION ALL
       SELECT ledger.credit_note_number(payload) AS n, kind, payload FROM ledger.entries
        WHERE kind = $3 AND ledger.credit_note_number(payload) = ANY($1)`,
      [numbers, LedgerKinds.invoiceIssued, LedgerKinds.invoiceCredited],
    );
    return new Map(rows.map((row) => [row.n, documentOf(row.n, row.kind, row.payload)]));
  }
}

function documentOf(number: string, kind: string, payload: string): LedgerDocument {
  if (kind === LedgerKinds.invoiceIssued) {
    const parsed = JSON.parse(payload) as { checkCode?: unknown };
    return { kind: 'invoice', checkCode: String(parsed.checkCode) };
  }
  return { kind: 'credit-note', checkCode: creditNoteCheckCode(number, payload) };
}
