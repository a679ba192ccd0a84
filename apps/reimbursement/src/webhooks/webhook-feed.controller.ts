import { Controller } from '@nestjs/common';
import { Ctx, EventPattern, Payload } from '@nestjs/microservices';
import { LedgerKinds } from '@taxchain/contracts';
import { LedgerFeedContext, type FeedEvent } from '@taxchain/ledger';
import { WebhookOutbox } from './webhook-outbox.service';

/** Settled claims reach the buyer's endpoints as claim.settled, queued in the feed's transaction. */
@Controller()
export class WebhookFeedController {
  constructor(private readonly outbox: WebhookOutbox) {}

  @EventPattern(LedgerKinds.reimbursementCompleted)
  completed(@Payload() events: FeedEvent[], @Ctx() ctx: LedgerFeedContext): Promise<void> {
    return this.outbox.settled(ctx.tx, events);
  }

  @EventPattern(LedgerKinds.reimbursementReleased)
  released(@Payload() events: FeedEvent[], @Ctx() ctx: LedgerFeedContext): Promise<void> {
    return this.outbox.settled(ctx.tx, events);
  }
}
