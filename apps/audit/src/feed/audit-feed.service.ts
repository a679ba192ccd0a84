import { Injectable, Logger } from '@nestjs/common';
import { LedgerKinds } from '@taxchain/contracts';
import type { LedgerEntry } from '@taxchain/ledger';
import type { EntityManager } from 'typeorm';
import type { z } from 'zod';
import { ClaimEvents } from './claim-events.service';
import {
  invoiceCreditedSchema,
  invoiceIssuedSchema,
  invoiceVoidedSchema,
  reimbursementSchema,
} from './feed-payloads';
import { InvoiceEvents } from './invoice-events.service';
import { TrailRepository } from '../verification/trail.repository';

/**
 * Applies one ledger entry inside the feed's transaction: the trail always, then the read
 * model and detectors for the kinds they follow. A payload that does not fit is logged and
 * skipped (its trail row stays): it is in the ledger forever, and refusing it would stop the
 * chain for every later entry.
 */
@Injectable()
export class AuditFeed {
  private readonly logger = new Logger(AuditFeed.name);

  constructor(
    private readonly trail: TrailRepository,
    private readonly invoiceEvents: InvoiceEvents,
    private readonly claimEvents: ClaimEvents,
  ) {}

  async apply(tx: EntityManager, entry: LedgerEntry, payload: unknown): Promise<void> {
    await this.trail.record(tx, entry);
    switch (entry.kind) {
      case LedgerKinds.invoiceIssued:
        return this.with(invoiceIssuedSchema, entry, payload, (e) =>
          this.invoiceEvents.issued(tx, entry, e),
        );
      case LedgerKinds.invoiceVoided:
        return this.with(invoiceVoidedSchema, entry, payload, (e) =>
          this.invoiceEvents.voided(tx, entry, e),
        );
      case LedgerKinds.invoiceCredited:
        return this.with(invoiceCreditedSchema, entry, payload, (e) =>
          this.invoiceEvents.credited(tx, entry, e),
        );
      case LedgerKinds.reimbursementClaimed:
      case LedgerKinds.reimbursementReleased:
      case LedgerKinds.reimbursementCompleted:
      case LedgerKinds.reimbursementRefused:
        return this.with(reimbursementSchema, entry, payload, (e) =>
          this.claimEvents.apply(tx, entry, e),
        );
    }
  }

  private async with<S extends z.ZodType>(
    schema: S,
    entry: LedgerEntry,
    payload: unknown,
    apply: (event: z.infer<S>) => Promise<void>,
  ): Promise<void> {
    const parsed = schema.safeParse(payload);
    if (parsed.success) return apply(parsed.data);
    this.logger.error(
      `${entry.kind} at chain ${entry.chain} seq ${entry.seq} not applied: ${parsed.error.message}`,
    );
  }
}
