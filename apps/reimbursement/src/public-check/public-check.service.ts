import { Injectable } from '@nestjs/common';
import { InvoicesRepository } from '../invoices/invoices.repository';
import { LedgerInvoiceFactsReader } from '../invoices/ledger-invoice-facts';
import { FAILED_SIGNATURES, MerchantSignatures } from '../invoices/merchant-signatures';
import { PublicCheckException } from './public-check.exception';
import type { PublicFacts } from '@taxchain/contracts';
import {
  factsMatch,
  ledgerState,
  publicResult,
  signedInvoice,
  type PublicCheckResult,
} from './public-facts';

/**
 * 查验: anyone holding the paper learns the invoice's status, and nothing else; a wrong fact
 * and an unknown number are the same no-match. The printed facts are compared with the ledger's
 * invoice.issued entry, the document the merchant signed, whose signature is checked against the
 * ledger's key directory; voids and credits are the ledger's too. The read model only says
 * whether the invoice reached this service and a buyer's claim on it completed: a row changed
 * behind the feed, or not yet brought up to date by it, never makes forged facts match, nor calls
 * a voided or forged invoice valid. All three are read whether or not the number exists.
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
    const signedEntry = signatures.get(facts.number);
    const signed = signedEntry && signedInvoice(signedEntry.entry);
    if (!factsMatch(facts, signed?.facts) || !signed || !invoice)
      throw PublicCheckException.noMatch();
    const verdict = signedEntry.verdict;
    const checked = recorded.get(facts.number);
    // Voids and credits whose entries are not what was hashed say nothing: the row's stand.
    const state =
      checked && !('fault' in checked)
        ? ledgerState(checked.facts, signed.gross)
        : { voided: invoice.status === 'voided', credited: invoice.credited > 0n };
    return publicResult({
      ...state,
      signatureHolds: !FAILED_SIGNATURES.includes(verdict),
      reimbursed: invoice.liveClaim?.state === 'completed',
    });
  }
}
