import { Controller } from '@nestjs/common';
import { Ctx, EventPattern, Payload } from '@nestjs/microservices';
import { LedgerKinds } from '@taxchain/contracts';
import { LedgerFeedContext, type FeedEvent } from '@taxchain/ledger';
import { WebhookOutbox } from '../webhooks/webhook-outbox.service';
import { InvoiceReadModel } from './invoice-read-model.service';

/** The ledger feed's invoice events, each run applied as a set in the feed's transaction (ctx.tx). */
@Controller()
export class InvoiceFeedController {
  constructor(
    private readonly readModel: InvoiceReadModel,
    private readonly webhooks: WebhookOutbox,
  ) {}

  @EventPattern(LedgerKinds.invoiceIssued)
  async issued(@Payload() events: FeedEvent[], @Ctx() ctx: LedgerFeedContext): Promise<void> {
    // The run's invoices and their webhook messages: one statement, the feed's hottest.
    await this.webhooks.issued(ctx.tx, events, this.readModel.issued(events));
  }

  @EventPattern(LedgerKinds.invoiceVoided)
  async voided(@Payload() events: FeedEvent[], @Ctx() ctx: LedgerFeedContext): Promise<void> {
    await this.readModel.voided(ctx.tx, events);
    await this.webhooks.voided(ctx.tx, events);
  }

  @EventPattern(LedgerKinds.invoiceCredited)
  async credited(@Payload() events: FeedEvent[], @Ctx() ctx: LedgerFeedContext): Promise<void> {
    await this.readModel.credited(ctx.tx, events);
    await this.webhooks.credited(ctx.tx, events);
  }
}
