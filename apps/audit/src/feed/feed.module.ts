import { Module } from '@nestjs/common';
import { FeedDatabase } from '@taxchain/ledger';
import { AnalyticsModule } from '../analytics/analytics.module';
import { AnomaliesModule } from '../anomalies/anomalies.module';
import { InvoicesModule } from '../invoices/invoices.module';
import { VerificationModule } from '../verification/verification.module';
import { AuditFeedController } from './audit-feed.controller';
import { AuditFeed } from './audit-feed.service';
import { ClaimEvents } from './claim-events.service';
import { InvoiceEvents } from './invoice-events.service';

/** Applies the ledger feed: trail, read model, daily totals and detectors. */
@Module({
  imports: [InvoicesModule, AnalyticsModule, AnomaliesModule, VerificationModule],
  controllers: [AuditFeedController],
  providers: [AuditFeed, FeedDatabase, InvoiceEvents, ClaimEvents],
})
export class FeedModule {}
