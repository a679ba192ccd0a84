import { Injectable, Logger } from '@nestjs/common';
import { LedgerKinds } from '@taxchain/contracts';
import { parseFeedEvents, type FeedEvent } from '@taxchain/ledger';
import type { SqlStatement } from '@taxchain/platform';
import type { EntityManager } from 'typeorm';
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
 * Applies a run of ledger entries of one kind: the trail always, then the read model and
 * detectors for the kinds they follow: issued invoices as one set, their writes returned for the
 * feed to commit with its position (in the statement of the invoices, the trail's rows too); the
 * rarer kinds (voids, credits, claims, which read an invoice's state) in the feed's transaction,
 * one entry after the other. A payload that does not fit is logged and
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

  /** A run of issued invoices, nearly all of the feed: its trail rows, invoices and totals, to write with the position. */
  async issued(events: FeedEvent[]): Promise<SqlStatement[]> {
    const parsed = parseFeedEvents(invoiceIssuedSchema, events, this.logger);
    return [
      this.trail.recordStatement(events.map((e) => e.entry)),
      ...(await this.invoiceEvents.issued(parsed)),
    ];
  }

  /** A run of any other kind, in the feed's transaction. */
  async apply(tx: EntityManager, events: FeedEvent[]): Promise<void> {
    const entries = events.map((e) => e.entry);
    await this.trail.record(tx, entries);
    switch (entries[0].kind) {
      case LedgerKinds.invoiceVoided:
        for (const { entry, event } of parseFeedEvents(invoiceVoidedSchema, events, this.logger))
          await this.invoiceEvents.voided(tx, entry, event);
        return;
      case LedgerKinds.invoiceCredited:
        for (const { entry, event } of parseFeedEvents(invoiceCreditedSchema, events, this.logger))
          await this.invoiceEvents.credited(tx, entry, event);
        return;
      case LedgerKinds.reimbursementClaimed:
      case LedgerKinds.reimbursementReleased:
      case LedgerKinds.reimbursementCompleted:
      case LedgerKinds.reimbursementRefused:
        for (const { entry, event } of parseFeedEvents(reimbursementSchema, events, this.logger))
          await this.claimEvents.apply(tx, entry, event);
        return;
    }
  }
}
