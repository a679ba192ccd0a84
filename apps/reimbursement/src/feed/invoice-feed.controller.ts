import { Controller } from '@nestjs/common';
import { Ctx, EventPattern, Payload } from '@nestjs/microservices';
import {
  LedgerKinds,
  type InvoiceCreditedPayload,
  type InvoiceIssuedPayload,
  type InvoiceVoidedPayload,
} from '@taxchain/contracts';
import { LedgerFeedContext } from '@taxchain/ledger';
import { InvoiceReadModel } from './invoice-read-model.service';

/** The ledger feed's invoice events, each applied in the feed's own transaction (ctx.tx). */
@Controller()
export class InvoiceFeedController {
  constructor(private readonly readModel: InvoiceReadModel) {}

  @EventPattern(LedgerKinds.invoiceIssued)
  issued(@Payload() payload: InvoiceIssuedPayload, @Ctx() ctx: LedgerFeedContext): Promise<void> {
    return this.readModel.issued(ctx.tx, ctx.entry, payload);
  }

  @EventPattern(LedgerKinds.invoiceVoided)
  voided(@Payload() payload: InvoiceVoidedPayload, @Ctx() ctx: LedgerFeedContext): Promise<void> {
    return this.readModel.voided(ctx.tx, ctx.entry, payload);
  }

  @EventPattern(LedgerKinds.invoiceCredited)
  credited(
    @Payload() payload: InvoiceCreditedPayload,
    @Ctx() ctx: LedgerFeedContext,
  ): Promise<void> {
    return this.readModel.credited(ctx.tx, ctx.entry, payload);
  }
}
