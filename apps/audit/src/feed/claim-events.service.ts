import { Injectable } from '@nestjs/common';
import { LedgerKinds } from '@taxchain/contracts';
import type { LedgerEntry } from '@taxchain/ledger';
import type { EntityManager } from 'typeorm';
import { AnomalyRecorder } from '../anomalies/anomaly-recorder.service';
import { acceptedClaimAnomaly, refusedClaimAnomaly } from '../anomalies/detectors/claim-anomalies';
import type { ClaimState } from '../invoices/invoice';
import { InvoicesRepository } from '../invoices/invoices.repository';
import type { ReimbursementEvent } from './feed-payloads';

const STATE_AFTER: Record<string, ClaimState> = {
  [LedgerKinds.reimbursementClaimed]: 'claimed',
  [LedgerKinds.reimbursementReleased]: 'released',
  [LedgerKinds.reimbursementCompleted]: 'completed',
};

/** reimbursement.* entries: the invoice's claim state and claim findings. */
@Injectable()
export class ClaimEvents {
  constructor(
    private readonly invoices: InvoicesRepository,
    private readonly anomalies: AnomalyRecorder,
  ) {}

  async apply(tx: EntityManager, entry: LedgerEntry, event: ReimbursementEvent): Promise<void> {
    // Judged against the invoice as it stood before this entry.
    const invoice = await this.invoices.state(tx, entry.subject);
    const refused = entry.kind === LedgerKinds.reimbursementRefused;
    const found = refused
      ? refusedClaimAnomaly(invoice, entry, event.reason)
      : entry.kind === LedgerKinds.reimbursementClaimed
        ? acceptedClaimAnomaly(invoice, entry)
        : undefined;
    if (found) await this.anomalies.record(found);
    if (!invoice) return;
    await this.invoices.setClaim(tx, entry.subject, {
      state: STATE_AFTER[entry.kind],
      buyerTaxId: entry.kind === LedgerKinds.reimbursementClaimed ? event.buyerTaxId : undefined,
      refused,
      at: entry.recordedAt,
    });
  }
}
