import { Injectable } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';
import { LedgerKinds } from '@taxchain/contracts';
import type { LedgerEntry } from '@taxchain/ledger';
import { ENTRY_COLUMNS, toEntry, type EntryRow } from '@taxchain/ledger/storage/entry-row';
import { faultOf, type FaultyEntry } from './faulty-entry';
import { recordedDocument, type RecordedDocument } from './recorded-document';

/**
 * A recording entry that vouches for nothing: its payload is not what the ledger hashed, or no
 * longer parses, so no check code, buyer or amount is read from it.
 */
export type UnreadableDocument = FaultyEntry;

/** A document the ledger records as issued, as its recording entry states it, or why it cannot. */
export type LedgerDocument = RecordedDocument | UnreadableDocument;

/**
 * Which invoice and credit-note numbers the ledger itself records as issued, and what each
 * recording entry (invoice.issued, or a credit note's invoice.credited) states, read only when
 * its payload is what the ledger hashed. The read model trails the ledger by the feed's latency;
 * the ledger does not: an issue is acknowledged to its merchant only once its entry has
 * committed, so a number the ledger does not hold now was never issued (as far as anyone may
 * know), and saying so is final. A credit note is found by its own number through the ledger's
 * credit-note index on invoice.credited entries.
 */
@Injectable()
export class LedgerDocuments {
  constructor(private readonly db: DataSource) {}

  async find(
    numbers: readonly string[],
    tx: EntityManager = this.db.manager,
  ): Promise<Map<string, LedgerDocument>> {
    const rows = await tx.query<Array<EntryRow & { n: string }>>(
      `SELECT ${ENTRY_COLUMNS}, subject AS n FROM ledger.entries
        WHERE subject = ANY($1) AND kind = $2
       UNION ALL
       SELECT ${ENTRY_COLUMNS}, ledger.credit_note_number(payload) FROM ledger.entries
        WHERE kind = $3 AND ledger.credit_note_number(payload) = ANY($1)`,
      [numbers, LedgerKinds.invoiceIssued, LedgerKinds.invoiceCredited],
    );
    return new Map(rows.map((row) => [row.n, documentOf(toEntry(row))]));
  }
}

/**
 * Whether the ledger records no document of this number with this code: none at all, or one
 * stating another. An unreadable entry states no code, so it is not taken to differ: the caller
 * goes on to refuse it as what it is.
 */
export function notWithCode(document: LedgerDocument | undefined, checkCode: string): boolean {
  return !document || ('checkCode' in document && document.checkCode !== checkCode);
}

function documentOf(entry: LedgerEntry): LedgerDocument {
  return (
    faultOf(entry) ??
    recordedDocument(entry) ?? { fault: `seq ${entry.seq}: payload does not parse`, entry }
  );
}
