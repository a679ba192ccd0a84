import { Controller } from '@nestjs/common';
import { Ctx, EventPattern, Payload } from '@nestjs/microservices';
import { LedgerKinds } from '@taxchain/contracts';
import { LedgerFeedContext, type FeedEvent } from '@taxchain/ledger';
import { AuditFeed } from './audit-feed.service';

/** Every kind of ledger entry (a run at a time): the audit trail must see all of them, not just invoices. */
@Controller()
export class AuditFeedController {
  constructor(private readonly feed: AuditFeed) {}

  @EventPattern(Object.values(LedgerKinds))
  apply(@Payload() events: FeedEvent[], @Ctx() ctx: LedgerFeedContext): Promise<void> {
    return this.feed.apply(ctx.tx, events);
  }
}
