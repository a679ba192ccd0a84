import { randomUUID } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { LedgerKinds, newExpenseSalt } from '@taxchain/contracts';
import { LedgerAppender, ServedEntries, type EntryDraft } from '@taxchain/ledger';
import { InvoiceLock } from '../invoices/invoice-lock';
import { LedgerDocuments } from '../invoices/ledger-documents';
import { MerchantSignatures } from '../invoices/merchant-signatures';
import type { Claim } from './claim';
import {
  decideOnLedger,
  heldToSignature,
  type ClaimDecision,
  type ClaimRequest,
} from './claim-decision';
import { ClaimsException } from './claims.exception';
import { ClaimsRepository } from './claims.repository';
import { expenseOf, reimbursementEntry } from './reimbursement-entry';
import { tamperedRefusal } from './tampered-refusal';

export interface ClaimCommand extends ClaimRequest {
  expenseReference?: string;
}

/**
 * The unit's value: the new claim, or why not. A refusal is a value, never thrown inside
 * run: a throw there interrupts and re-runs the whole batch, and refusals are the common
 * case when many claims race for one invoice.
 */
type Outcome = { claim: Claim } | { refused: Error };

const UNIQUE_VIOLATION = '23505';

/**
 * Claims an invoice for its buyer: decided and written in one ledger unit of work, under the
 * invoice's chain head and row locks, so one claim wins however many arrive together, in any
 * process. Decided on the ledger's word (decideOnLedger): the check code, buyer and gross of the
 * entry the merchant signed, and the ledger's voids and credits, seen even before the feed
 * delivers them and whatever the read model row was changed to say; each of those entries is
 * read only when it is what the ledger hashed.
 */
@Injectable()
export class ClaimInvoice {
  constructor(
    private readonly appender: LedgerAppender,
    private readonly invoices: InvoiceLock,
    private readonly claims: ClaimsRepository,
    private readonly signatures: MerchantSignatures,
    private readonly ledger: LedgerDocuments,
    private readonly served: ServedEntries,
  ) {}

  async execute(command: ClaimCommand): Promise<Claim> {
    // Made once, outside run: a re-run of the unit must record the same claim.
    const claimId = randomUUID();
    const expenseSalt = newExpenseSalt();
    const committed = await this.appender
      .commit<Outcome>({
        subject: command.invoiceNumber,
        run: (tx) => this.decide(tx, claimId, expenseSalt, command),
      })
      .catch((error: unknown) => {
        // The partial unique index caught what the lock did not: another claim holds it.
        if (sqlState(error) === UNIQUE_VIOLATION)
          throw ClaimsException.alreadyClaimed(command.invoiceNumber);
        throw error;
      });
    if (committed.replayed) throw new Error(`claim ${claimId} was recorded twice`);
    if ('refused' in committed.value) throw committed.value.refused;
    return committed.value.claim;
  }

  private async decide(
    tx: EntityManager,
    claimId: string,
    expenseSalt: string,
    command: ClaimCommand,
  ): Promise<{ value: Outcome; entries: EntryDraft[] }> {
    const locked = await this.invoices.lock(tx, command.invoiceNumber);
    // Under the chain head lock: what the ledger holds for the number is settled for this unit.
    const onLedger = (await this.ledger.find([command.invoiceNumber], tx)).get(
      command.invoiceNumber,
    );
    const decision = await this.signed(
      tx,
      decideOnLedger(locked, command, onLedger),
      command.invoiceNumber,
    );
    // A refusal record carries no expense reference: there is no claim row to keep a salt in.
    const fields = {
      claimId,
      invoiceNumber: command.invoiceNumber,
      buyerTaxId: command.buyerTaxId,
    };
    switch (decision.kind) {
      case 'refuse':
        return { value: { refused: decision.error }, entries: [] };
      case 'tampered':
        return {
          value: { refused: await tamperedRefusal(this.served, decision.entry) },
          entries: [],
        };
      case 'refuse-recorded':
        return {
          value: { refused: decision.error },
          entries: [
            reimbursementEntry(LedgerKinds.reimbursementRefused, {
              ...fields,
              amount: decision.amount,
              reason: decision.reason,
            }),
          ],
        };
      case 'claim': {
        const claim = await this.claims.insert(tx, {
          ...fields,
          amount: decision.amount,
          expenseReference: command.expenseReference ?? null,
          expenseSalt: command.expenseReference ? expenseSalt : null,
        });
        return {
          value: { claim },
          entries: [
            reimbursementEntry(LedgerKinds.reimbursementClaimed, {
              ...fields,
              amount: decision.amount,
              expense: expenseOf(claim),
            }),
          ],
        };
      }
    }
  }

  /** Only a claim that would win pays for the signature check. */
  private async signed(
    tx: EntityManager,
    decision: ClaimDecision,
    invoiceNumber: string,
  ): Promise<ClaimDecision> {
    if (decision.kind !== 'claim') return decision;
    const verdicts = await this.signatures.ofInvoices([invoiceNumber], tx);
    return heldToSignature(
      decision,
      invoiceNumber,
      verdicts.get(invoiceNumber)?.verdict ?? 'unknown-key',
    );
  }
}

function sqlState(error: unknown): unknown {
  const candidate = error as { code?: unknown; driverError?: { code?: unknown } } | undefined;
  return candidate?.code ?? candidate?.driverError?.code;
}
