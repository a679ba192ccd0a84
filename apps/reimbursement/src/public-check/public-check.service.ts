import { Injectable } from '@nestjs/common';
import { withLedgerFacts } from '../invoices/invoice';
import { InvoicesRepository } from '../invoices/invoices.repository';
import { LedgerInvoiceFactsReader } from '../invoices/ledger-invoice-facts';
import { FAILED_SIGNATURES, MerchantSignatures } from '../invoices/merchant-signatures';
import { PublicCheckException } from './public-check.exception';
import type { PublicFacts } from '@taxchain/contracts';
import { factsMatch, publicResult, type PublicCheckResult } from './public-facts';

/**
 * 查验: anyone holding the paper learns the invoice's status, and nothing else; a wrong fact
 * and an unknown number are the same no-match. Reads the read model, as fed from the ledger,
 * with the voids and credits the ledger records and the merchant's signature checked against the
 * ledger's key directory (all three, whether or not the number exists): a row changed behind the
 * feed, or not yet brought up to date by it, never calls a voided or forged invoice valid.
 */
@Injectable()
export class PublicCheck {
  constructor(
    private readonly invoices: InvoicesRepository,
    private readonly ledger: LedgerInvoiceFactsReader,
    private readonly signatures: MerchantSignatures,
  ) {}

  async check(facts: PublicFacts): Promise<PublicCheckResult> {
    const [invoice, recorded, signatures] = await Promise.all([
      this.invoices.find(facts.number),
      this.ledger.ofInvoices([facts.number]),
      this.signatures.ofInvoices([facts.number]),
    ]);
    if (!factsMatch(facts, invoice) || !invoice) throw PublicCheckException.noMatch();
    const verdict = signatures.get(facts.number)?.verdict;
    const holds = verdict !== undefined && !FAILED_SIGNATURES.includes(verdict);
    const checked = recorded.get(facts.number);
    if (!checked || 'fault' in checked || invoice.kind !== 'invoice')
      return publicResult(invoice, holds);
    return publicResult(withLedgerFacts(invoice, checked.facts), holds);
  }
}
