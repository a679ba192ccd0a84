import { Injectable } from '@nestjs/common';
import type { Page, PageRequest } from '@taxchain/platform';
import { LedgerProofs, type SubjectProof } from '@taxchain/ledger';
import { INVOICE_NUMBER_PATTERN } from './invoice-number';
import type { InvoiceRecord } from './invoice-record';
import { InvoicesException } from './invoices.exception';
import { InvoicesRepository, type InvoiceFilter } from './invoices.repository';

/** A merchant's view of its own invoices; anyone else's answer 404, as if they did not exist. */
@Injectable()
export class InvoiceQueriesService {
  constructor(
    private readonly invoices: InvoicesRepository,
    private readonly proofs: LedgerProofs,
  ) {}

  async get(taxId: string, invoiceNumber: string): Promise<InvoiceRecord> {
    const invoice = INVOICE_NUMBER_PATTERN.test(invoiceNumber)
      ? await this.invoices.findOwn(taxId, invoiceNumber)
      : undefined;
    if (!invoice) throw InvoicesException.notFound(invoiceNumber);
    return invoice;
  }

  list(taxId: string, filter: InvoiceFilter, page: PageRequest): Promise<Page<InvoiceRecord>> {
    return this.invoices.list(taxId, filter, page);
  }

  /**
   * The ledger entries about the invoice with inclusion proofs; for a credit note, the
   * invoice.credited entry that records it (on its original's chain), found by its own number.
   */
  async proof(taxId: string, invoiceNumber: string): Promise<SubjectProof> {
    const invoice = await this.get(taxId, invoiceNumber);
    return invoice.kind === 'credit-note'
      ? this.proofs.forCreditNote(invoice.invoiceNumber)
      : this.proofs.forSubject(invoice.invoiceNumber);
  }
}
