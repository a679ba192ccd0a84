import { Injectable } from '@nestjs/common';
import { InvoicesRepository } from '../invoices/invoices.repository';
import { PublicCheckException } from './public-check.exception';
import type { PublicFacts } from '@taxchain/contracts';
import { factsMatch, publicResult, type PublicCheckResult } from './public-facts';

/**
 * 查验: anyone holding the paper learns the invoice's status, and nothing else; a wrong fact
 * and an unknown number are the same no-match. Reads the read model, as fed from the ledger.
 */
@Injectable()
export class PublicCheck {
  constructor(private readonly invoices: InvoicesRepository) {}

  async check(facts: PublicFacts): Promise<PublicCheckResult> {
    const invoice = await this.invoices.find(facts.number);
    if (!factsMatch(facts, invoice) || !invoice) throw PublicCheckException.noMatch();
    return publicResult(invoice);
  }
}
