import { Controller, Logger } from '@nestjs/common';
import { Ctx, EventPattern, Payload } from '@nestjs/microservices';
import { LedgerKinds } from '@taxchain/contracts';
import {
  LedgerFeedContext,
  parseFeedEvents,
  RETURNS_WRITES,
  type FeedEvent,
} from '@taxchain/ledger';
import type { SqlStatement } from '@taxchain/platform';
import { unbuiltMessageRefused } from '../webhooks/unbuilt-message-refused';
import { WebhookOutbox } from '../webhooks/webhook-outbox.service';
import {
  invoiceCreditedSchema,
  invoiceIssuedSchema,
  invoiceVoidedSchema,
} from './invoice-payloads';
import { InvoiceReadModel } from './invoice-read-model.service';

/**
 * The ledger feed's invoice events, each run applied as a set in the feed's transaction (ctx.tx).
 * A run's payloads are checked here, once, for both the read model and the outbox; one that does
 * not fit is logged (once) and skipped by both.
 */
@Controller()
export class InvoiceFeedController {
  private readonly logger = new Logger(InvoiceFeedController.name);

  constructor(
    private readonly readModel: InvoiceReadModel,
    private readonly webhooks: WebhookOutbox,
  ) {}

  /**
   * The feed's hottest: the run's invoices and their webhook messages, one statement with the
   * feed's position. Built for the companies known to have an endpoint; when one has registered
   * since, the statement is refused and the feed takes the run again at once.
   */
  @EventPattern(LedgerKinds.invoiceIssued, {
    ...RETURNS_WRITES,
    takenAgainWhen: unbuiltMessageRefused,
  })
  async issued(@Payload() events: FeedEvent[]): Promise<SqlStatement[]> {
    const issued = parseFeedEvents(invoiceIssuedSchema, events, this.logger);
    return [...this.readModel.issued(issued), ...(await this.webhooks.issued(issued))];
  }

  @EventPattern(LedgerKinds.invoiceVoided)
  async voided(@Payload() events: FeedEvent[], @Ctx() ctx: LedgerFeedContext): Promise<void> {
    const voided = parseFeedEvents(invoiceVoidedSchema, events, this.logger);
    await this.readModel.voided(ctx.tx, voided);
    await this.webhooks.voided(ctx.tx, voided);
  }

  @EventPattern(LedgerKinds.invoiceCredited)
  async credited(@Payload() events: FeedEvent[], @Ctx() ctx: LedgerFeedContext): Promise<void> {
    const credited = parseFeedEvents(invoiceCreditedSchema, events, this.logger);
    await this.readModel.credited(ctx.tx, credited);
    await this.webhooks.credited(ctx.tx, credited);
  }
}
