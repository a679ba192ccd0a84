import { Injectable } from '@nestjs/common';
import { LedgerProofs, type SubjectProof } from '@taxchain/ledger';
import type { Page, PageRequest } from '@taxchain/platform';
import type { AuditInvoice, InvoiceFilter } from './invoice';
import { InvoicesRepository } from './invoices.repository';
import { InvoicesException } from './invoices.exception';

/** Rows per round trip when exporting: memory stays bounded whatever the result size. */
const EXPORT_CHUNK = 1_000;

/** Officials' reads: search pages, one invoice, the CSV export, an invoice's entries with proofs. */
@Injectable()
export class InvoicesQuery {
  constructor(
    private readonly invoices: InvoicesRepository,
    private readonly proofs: LedgerProofs,
  ) {}

  search(filter: InvoiceFilter, page: PageRequest): Promise<Page<AuditInvoice>> {
    return this.invoices.search(filter, page);
  }

  /** One invoice or credit note as the read model holds it. */
  async one(invoiceNumber: string): Promise<AuditInvoice> {
    const invoice = await this.invoices.find(invoiceNumber);
    if (!invoice) throw InvoicesException.notFound(invoiceNumber);
    return invoice;
  }

  /** Every matching invoice, a keyset page at a time: no OFFSET, no result held whole. */
  async *all(filter: InvoiceFilter): AsyncGenerator<AuditInvoice[]> {
    let cursor: string | undefined;
    do {
      const page = await this.invoices.search(filter, { cursor, limit: EXPORT_CHUNK });
      if (page.items.length > 0) yield page.items;
      cursor = page.nextCursor ?? undefined;
    } while (cursor);
  }

  /**
   * Straight from the ledger, not the read model: officials see what is actually recorded. A
   * number no entry has as subject may be a credit note's: its invoice.credited entry, found by
   * the note's own number.
   */
  async trail(invoiceNumber: string): Promise<SubjectProof> {
    const proof = await this.proofs.forSubject(invoiceNumber);
    if (proof.entries.length > 0) return proof;
    const note = await this.proofs.forCreditNote(invoiceNumber);
    if (note.entries.length === 0) throw InvoicesException.notFound(invoiceNumber);
    return note;
  }
}
