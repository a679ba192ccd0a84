import { Controller } from '@nestjs/common';
import { Ctx, EventPattern, Payload } from '@nestjs/microservices';
import { LedgerKinds } from '@taxchain/contracts';
import { LedgerFeedContext, RETURNS_WRITES, type FeedEvent } from '@taxchain/ledger';
import type { SqlStatement } from '@taxchain/platform';
import { AuditFeed } from './audit-feed.service';

/** Every kind of ledger entry (a run at a time): the audit trail must see all of them, not just invoices. */
@Controller()
export class AuditFeedController {
  constructor(private readonly feed: AuditFeed) {}

  /** The feed's hottest: the run's trail rows, invoices and totals, one statement with the feed's position. */
  @EventPattern(LedgerKinds.invoiceIssued, RETURNS_WRITES)
  issued(@Payload() events: FeedEvent[]): Promise<SqlStatement[]> {
    return this.feed.issued(events);
  }

  @EventPattern(Object.values(LedgerKinds).filter((kind) => kind !== LedgerKinds.invoiceIssued))
  apply(@Payload() events: FeedEvent[], @Ctx() ctx: LedgerFeedContext): Promise<void> {
    return this.feed.apply(ctx.tx, events);
  }
}
