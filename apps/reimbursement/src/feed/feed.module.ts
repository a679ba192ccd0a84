import { Module } from '@nestjs/common';
import { InvoicesModule } from '../invoices/invoices.module';
import { InvoiceFeedController } from './invoice-feed.controller';
import { InvoiceReadModel } from './invoice-read-model.service';

/** Keeps the invoices read model in step with the ledger feed. */
@Module({
  imports: [InvoicesModule],
  controllers: [InvoiceFeedController],
  providers: [InvoiceReadModel],
})
export class FeedModule {}
