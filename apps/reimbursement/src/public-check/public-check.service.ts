import { Injectable } from '@nestjs/common';
import { withLedgerFacts } from '../invoices/invoice';
import { InvoicesRepository } from '../invoices/invoices.repository';
import { LedgerInvoiceFactsReader } from '../invoices/ledger-invoice-facts';
import { PublicCheckException } from './public-check.exception';
import type { PublicFacts } from '@taxchain/contracts';
import { factsMatch, publicResult, type PublicCheckResult } from './public-facts';

/**
 * 查验: anyone holding the paper learns the invoice's status, and nothing else; a wrong fact
 * and an unknown number are the same no-match. Reads the read model, as fed from the ledger,
 * and the voids and credits the ledger records (both, whether or not the number exists): a row
 * changed behind the feed, or not yet brought up to date by it, never calls a voided invoice valid.
 */
@Injectable()
export class PublicCheck {
  constructor(
    private readonly invoices: InvoicesRepository,
    private readonly ledger: LedgerInvoiceFactsReader,
  ) {}

  async check(facts: PublicFacts): Promise<PublicCheckResult> {
    const [invoice, recorded] = await Promise.all([
      this.invoices.find(facts.number),
      this.ledger.ofInvoices([facts.number]),
    ]);
    if (!factsMatch(facts, invoice) || !invoice) throw PublicCheckException.noMatch();
    const checked = recorded.get(facts.number);
    if (!checked || 'fault' in checked || invoice.kind !== 'invoice') return publicResult(invoice);
    return publicResult(withLedgerFacts(invoice, checked.facts));
  }
}
