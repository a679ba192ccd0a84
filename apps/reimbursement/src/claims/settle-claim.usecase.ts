import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { LedgerKinds } from '@taxchain/contracts';
import { LedgerAppender, ServedEntries, type EntryDraft } from '@taxchain/ledger';
import { InvoiceLock } from '../invoices/invoice-lock';
import type { Claim } from './claim';
import { ClaimsException } from './claims.exception';
import { ClaimsRepository } from './claims.repository';
import { expenseOf, reimbursementEntry } from './reimbursement-entry';
import { tamperedRefusal } from './tampered-refusal';

/** Completion is final; release frees the invoice for a new claim. */
export type Settlement = 'complete' | 'release';

const STEP = {
  complete: { state: 'completed', kind: LedgerKinds.reimbursementCompleted },
  release: { state: 'released', kind: LedgerKinds.reimbursementReleased },
} as const;

/** A refusal is the unit's value, not a throw: a throw inside run re-runs the whole batch. */
type Outcome = { claim: Claim } | { refused: Error };

function refuse(error: Error): { value: Outcome; entries: EntryDraft[] } {
  return { value: { refused: error }, entries: [] };
}

export interface SettleCommand {
  claimId: string;
  buyerTaxId: string;
  settlement: Settlement;
}

/**
 * Completes or releases an active claim, with its ledger entry, in one unit of work. Whether the
 * invoice was voided is the ledger's word alone (its invoice.voided entries, hash-checked), not
 * the read model row's: a row a superuser voided blocks nothing, a void the row lacks still does.
 */
@Injectable()
export class SettleClaim {
  constructor(
    private readonly appender: LedgerAppender,
    private readonly invoices: InvoiceLock,
    private readonly claims: ClaimsRepository,
    private readonly served: ServedEntries,
  ) {}

  async execute(command: SettleCommand): Promise<Claim> {
    // Read first only to learn the subject (the invoice); the decision is taken under locks.
    // Another buyer's claim is answered as if it did not exist: its invoice is none of their business.
    const claim = await this.claims.find(command.claimId);
    if (claim?.buyerTaxId !== command.buyerTaxId)
      throw ClaimsException.claimNotFound(command.claimId);
    const committed = await this.appender.commit<Outcome>({
      subject: claim.invoiceNumber,
      run: (tx) => this.settle(tx, claim, command.settlement),
    });
    // The step's identity is already recorded: it happened once; say what it is now.
    if (committed.replayed)
      throw ClaimsException.claimNotActive(claim.claimId, STEP[command.settlement].state);
    if ('refused' in committed.value) throw committed.value.refused;
    return committed.value.claim;
  }

  private async settle(
    tx: EntityManager,
    claim: Claim,
    settlement: Settlement,
  ): Promise<{ value: Outcome; entries: EntryDraft[] }> {
    // Invoice (chain head, then row), then claim: the order every writer here keeps.
    const { facts } = await this.invoices.lock(tx, claim.invoiceNumber);
    const locked = await this.claims.lockForUpdate(tx, claim.claimId);
    if (!locked) return refuse(ClaimsException.claimNotFound(claim.claimId));
    if (locked.state !== 'active')
      return refuse(ClaimsException.claimNotActive(locked.claimId, locked.state));
    // A void that raced the claim leaves it releasable, never completable; so does a void or
    // credit entry that is not what the ledger hashed, which can say neither way.
    if (settlement === 'complete') {
      if ('fault' in facts) return refuse(await tamperedRefusal(this.served, facts.entry));
      if (facts.facts.voided) return refuse(ClaimsException.invoiceVoided(claim.invoiceNumber));
    }
    const step = STEP[settlement];
    const settled = await this.claims.setState(tx, locked.claimId, step.state);
    return {
      value: { claim: settled },
      entries: [
        reimbursementEntry(step.kind, {
          claimId: settled.claimId,
          invoiceNumber: settled.invoiceNumber,
          buyerTaxId: settled.buyerTaxId,
          amount: settled.amount,
          expense: expenseOf(settled),
        }),
      ],
    };
  }
}
