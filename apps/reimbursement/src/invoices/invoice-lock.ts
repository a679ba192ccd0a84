import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { withLedgerFacts, type Invoice } from './invoice';
import { InvoicesRepository } from './invoices.repository';
import { LedgerInvoiceFactsReader } from './ledger-invoice-facts';

/**
 * An invoice as a state change must see it: its chain head locked first, then its read model
 * row, with the voids and credits the ledger already holds. Every writer takes the two locks
 * in this order (the feed only ever takes the row), so they never deadlock.
 */
@Injectable()
export class InvoiceLock {
  constructor(
    private readonly invoices: InvoicesRepository,
    private readonly ledger: LedgerInvoiceFactsReader,
  ) {}

  async lock(tx: EntityManager, invoiceNumber: string): Promise<Invoice | undefined> {
    const facts = await this.ledger.lockAndRead(tx, invoiceNumber);
    const invoice = await this.invoices.lockForUpdate(tx, invoiceNumber);
    return invoice && withLedgerFacts(invoice, facts);
  }
}
