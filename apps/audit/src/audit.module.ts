import { DynamicModule, Module } from '@nestjs/common';
import { LedgerModule } from '@taxchain/ledger';
import { PlatformModule, type AppConfig } from '@taxchain/platform';
import { AnalyticsModule } from './analytics/analytics.module';
import { AnomaliesModule } from './anomalies/anomalies.module';
import { AuthorityModule } from './authority/authority.module';
import { CheckpointsModule } from './checkpoints/checkpoints.module';
import { DeliveriesModule } from './deliveries/deliveries.module';
import { FeedModule } from './feed/feed.module';
import { InvoicesModule } from './invoices/invoices.module';
import { PartiesModule } from './parties/parties.module';
import { VerificationModule } from './verification/verification.module';

@Module({})
export class AuditModule {
  static forRoot(config: AppConfig): DynamicModule {
    return {
      module: AuditModule,
      imports: [
        PlatformModule.forService(config),
        LedgerModule,
        InvoicesModule,
        AnalyticsModule,
        PartiesModule,
        AnomaliesModule,
        VerificationModule,
        FeedModule,
        AuthorityModule,
        CheckpointsModule,
        DeliveriesModule,
      ],
    };
  }
}
