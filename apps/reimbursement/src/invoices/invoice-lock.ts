import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import type { Invoice } from './invoice';
import { InvoicesRepository } from './invoices.repository';
import { LedgerInvoiceFactsReader, type CheckedInvoiceFacts } from './ledger-invoice-facts';

/** The read model row, as stored, beside the voids and credits the ledger holds. */
export interface LockedInvoice {
  row: Invoice | undefined;
  /** The ledger's word, each entry hash-checked: the row's status and credited are not. */
  facts: CheckedInvoiceFacts;
}

/**
 * An invoice as a state change must see it: its chain head locked first, then its read model
 * row, with the voids and credits the ledger already holds. Every writer takes the two locks
 * in this order (the feed only ever takes the row), so they never deadlock. The row and the
 * ledger's facts are left apart: a state change decides on the facts, never on the row's copy.
 */
@Injectable()
export class InvoiceLock {
  constructor(
    private readonly invoices: InvoicesRepository,
    private readonly ledger: LedgerInvoiceFactsReader,
  ) {}

  async lock(tx: EntityManager, invoiceNumber: string): Promise<LockedInvoice> {
    const facts = await this.ledger.lockAndRead(tx, invoiceNumber);
    const row = await this.invoices.lockForUpdate(tx, invoiceNumber);
    return { row, facts };
  }
}
