import { Module } from '@nestjs/common';
import { FeedDatabase } from '@taxchain/ledger';
import { InvoicesModule } from '../invoices/invoices.module';
import { WebhooksModule } from '../webhooks/webhooks.module';
import { InvoiceFeedController } from './invoice-feed.controller';
import { InvoiceReadModel } from './invoice-read-model.service';

/** Keeps the invoices read model (and the webhook outbox) in step with the ledger feed. */
@Module({
  imports: [InvoicesModule, WebhooksModule],
  controllers: [InvoiceFeedController],
  providers: [InvoiceReadModel, FeedDatabase],
})
export class FeedModule {}
