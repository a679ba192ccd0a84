import { Controller } from '@nestjs/common';
import { Ctx, EventPattern, Payload } from '@nestjs/microservices';
import { LedgerKinds } from '@taxchain/contracts';
import { LedgerFeedContext, type FeedEvent } from '@taxchain/ledger';
import { InvoiceReadModel } from './invoice-read-model.service';

/** The ledger feed's invoice events, each run applied as a set in the feed's transaction (ctx.tx). */
@Controller()
export class InvoiceFeedController {
  constructor(private readonly readModel: InvoiceReadModel) {}

  @EventPattern(LedgerKinds.invoiceIssued)
  issued(@Payload() events: FeedEvent[], @Ctx() ctx: LedgerFeedContext): Promise<void> {
    return this.readModel.issued(ctx.tx, events);
  }

  @EventPattern(LedgerKinds.invoiceVoided)
  voided(@Payload() events: FeedEvent[], @Ctx() ctx: LedgerFeedContext): Promise<void> {
    return this.readModel.voided(ctx.tx, events);
  }

  @EventPattern(LedgerKinds.invoiceCredited)
  credited(@Payload() events: FeedEvent[], @Ctx() ctx: LedgerFeedContext): Promise<void> {
    return this.readModel.credited(ctx.tx, events);
  }
}
