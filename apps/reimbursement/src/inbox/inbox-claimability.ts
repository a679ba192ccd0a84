import { Injectable } from '@nestjs/common';
import { decideOnLedger } from '../claims/claim-decision';
import type { Invoice } from '../invoices/invoice';
import { LedgerDocuments } from '../invoices/ledger-documents';
import { LedgerInvoiceFactsReader } from '../invoices/ledger-invoice-facts';
import { toInboxItem, type InboxItem } from './inbox-item';

const NEVER_VOIDED_NOR_CREDITED = { facts: { voided: false } };

/**
 * Whether each document of an inbox page is claimable, decided as POST /claims decides it: on
 * the ledger's hash-checked recording entries, voids and credits, not on the read model rows
 * the page lists (which a superuser may have changed). Two statements a page, in parallel,
 * whatever its size.
 */
@Injectable()
export class InboxClaimability {
  constructor(
    private readonly documents: LedgerDocuments,
    private readonly facts: LedgerInvoiceFactsReader,
  ) {}

  async items(invoices: Invoice[], buyerTaxId: string): Promise<InboxItem[]> {
    if (invoices.length === 0) return [];
    const numbers = invoices.map((invoice) => invoice.invoiceNumber);
    const [documents, facts] = await Promise.all([
      this.documents.find(numbers),
      this.facts.ofInvoices(numbers),
    ]);
    return invoices.map((row) => {
      const invoiceNumber = row.invoiceNumber;
      const onLedger = documents.get(invoiceNumber);
      // The code a claim needs is the one the merchant signed, which is also the one shown.
      const checkCode = onLedger && 'checkCode' in onLedger ? onLedger.checkCode : row.checkCode;
      const locked = { row, facts: facts.get(invoiceNumber) ?? NEVER_VOIDED_NOR_CREDITED };
      const decision = decideOnLedger(locked, { invoiceNumber, checkCode, buyerTaxId }, onLedger);
      return toInboxItem({ ...row, checkCode }, decision);
    });
  }
}
