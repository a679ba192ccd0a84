import { Injectable } from '@nestjs/common';
import { InvoicesRepository } from '../invoices/invoices.repository';
import { LedgerInvoiceFactsReader } from '../invoices/ledger-invoice-facts';
import { FAILED_SIGNATURES, MerchantSignatures } from '../invoices/merchant-signatures';
import { PublicCheckException } from './public-check.exception';
import { StandInInvoice } from './stand-in-invoice';
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
 * ledger's key directory; voids and credits are the ledger's too, and entries of them that fail
 * their hash check make the answer invalid. The read model only says
 * whether the invoice reached this service and a buyer's claim on it completed: a row changed
 * behind the feed, or not yet brought up to date by it, never makes forged facts match, nor calls
 * a voided or forged invoice valid. All three are read whether or not the number exists.
 */
@Injectable()
export class PublicCheck {
  private readonly standIn = new StandInInvoice();

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
    // An unknown number weighs a stand-in: it must not answer sooner than a wrong fact does.
    if (!signedEntry) this.standIn.weigh();
    const signed = signedEntry && signedInvoice(signedEntry.entry);
    if (!factsMatch(facts, signed?.facts) || !signed || !invoice)
      throw PublicCheckException.noMatch();
    const verdict = signedEntry.verdict;
    // Voids and credits whose entries are not what was hashed say nothing, and the row's copy of
    // them is no stand-in: the ledger's record of the invoice fails its check, which is invalid.
    const checked = recorded.get(facts.number) ?? { fault: 'not read' };
    const intact = !('fault' in checked);
    return publicResult({
      ...(intact ? ledgerState(checked.facts, signed.gross) : { voided: false, credited: false }),
      signatureHolds: !FAILED_SIGNATURES.includes(verdict),
      ledgerHolds: intact,
      reimbursed: invoice.liveClaim?.state === 'completed',
    });
  }
}
