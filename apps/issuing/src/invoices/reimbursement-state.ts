import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { LedgerKinds } from '@taxchain/contracts';
import { LedgerSettings, chainOf } from '@taxchain/ledger';
import { InvoicesException, InvoicesExceptionCode } from './invoices.exception';

const HOLDING = new Set<string>([
  LedgerKinds.reimbursementClaimed,
  LedgerKinds.reimbursementCompleted,
]);

/**
 * Whether the reimbursement service holds an invoice, read from the ledger: it records
 * reimbursement.claimed / completed / released on the invoice's own subject.
 */
@Injectable()
export class ReimbursementState {
  constructor(private readonly settings: LedgerSettings) {}

  /**
   * Refuses (409 invoice-claimed) when the latest claim, complete or release is a claim or a
   * completion. Race-free only because it first locks the subject's chain head: the appender
   * takes that lock after `run`, so without it a claim could commit between this read and our
   * append. Holding it, a concurrent claim either committed before (and is seen, READ
   * COMMITTED reads afresh per statement) or waits until our entry is on the chain.
   */
  async assertNotClaimed(tx: EntityManager, invoiceNumber: string): Promise<void> {
    const chain = chainOf(invoiceNumber, this.settings.chains);
    await tx.query('SELECT 1 FROM ledger.heads WHERE chain = $1 FOR UPDATE', [chain]);
    const [latest] = await tx.query<Array<{ kind: string }>>(
      `SELECT kind FROM ledger.entries
       WHERE subject = $1 AND chain = $2 AND kind = ANY($3) ORDER BY seq DESC LIMIT 1`,
      [invoiceNumber, chain, [...HOLDING, LedgerKinds.reimbursementReleased]],
    );
    if (latest && HOLDING.has(latest.kind))
      throw new InvoicesException(
        InvoicesExceptionCode.Claimed,
        `Invoice ${invoiceNumber} is ${latest.kind === LedgerKinds.reimbursementClaimed ? 'claimed' : 'reimbursed'}; it can no longer be voided or credited.`,
      );
  }
}
